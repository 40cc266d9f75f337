import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { AccessPolicy, parseSubjects } from './domain/policy.js';
import { InFlight } from './in-flight.js';
import type { Logger } from './logger.js';
import { healthRoutes } from './ops/health-routes.js';
import { Metrics } from './ops/metrics.js';
import { HostUpClient } from './providers/hostup/index.js';
import { HuaweiWorkspaceClient } from './providers/huawei/index.js';
import { AppServerActions } from './services/app-server-actions.js';
import { ApprovalSweeper } from './services/approval-sweeper.js';
import { ApprovalService } from './services/approvals.js';
import { VpsActions } from './services/vps-actions.js';
import { createSlackApp } from './slack/app.js';
import { createSlackSender } from './slack/outbox-sender.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';
import { AppServerRebootFollower } from './tracker/app-server-follower.js';
import { OutboxWorker } from './tracker/outbox-worker.js';
import type { PollScheduleOptions } from './tracker/poll-schedule.js';
import { RateBudget } from './tracker/rate-budget.js';
import { OperationTracker } from './tracker/tracker.js';

export interface Bot {
  readonly store: Store;
  readonly metrics: Metrics;
  /** Resolves when Slack is connected (Socket Mode) or the HTTP endpoint listens. */
  start(): Promise<{ port: number | null }>;
  /** Stops taking work, lets in-flight work finish, hands leases back and closes the store. */
  stop(): Promise<void>;
}

export interface BotOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Lease owner for this process; unique by default. */
  readonly instanceId?: string;
  /** Outbox idle poll, shorter in tests. */
  readonly outboxIdleMs?: number;
  /** Poll schedule overrides (tests follow jobs of milliseconds). */
  readonly pollSchedule?: Partial<PollScheduleOptions>;
  /** How often expired approval requests are looked for (default 15 s), shorter in tests. */
  readonly approvalSweepMs?: number;
  /** App-server reboots: first reading after Confirm (default 10 s) and time limit (default 15 min). */
  readonly huaweiFollow?: { readonly initialDelayMs?: number; readonly rebootLimitMs?: number };
}

/**
 * The composition root: config → store → providers → services → Slack app → background workers.
 * `main.ts` runs it; tests build the very same bot against the fakes.
 */
export async function createBot(options: BotOptions): Promise<Bot> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 6)}`;
  const store = await openStore(config.databaseUrl, { clock });
  const metrics = new Metrics({
    outboxDepth: () => store.outboxDepth(),
    pendingApprovals: async () => (await store.listPendingApprovals()).length,
    activeOperations: async () => {
      const counts: Record<string, number> = {};
      for (const op of await store.listActiveOperations())
        counts[op.provider] = (counts[op.provider] ?? 0) + 1;
      return counts;
    },
  });
  // One rate budget for the whole process: every HostUp answer feeds it, every poll draws on it.
  const budget = new RateBudget({ clock });
  const hostup = new HostUpClient({
    baseUrl: config.hostup.apiUrl,
    token: config.hostup.apiToken,
    clock,
    logger: logger.child({ component: 'hostup' }),
    onRateLimit: (info) => {
      budget.observe(info);
      if (info.retryAfterMs !== null) metrics.rateLimited.inc({ provider: 'hostup' });
    },
  });
  let tracker: OperationTracker | null = null;
  // Huawei Workspace app servers, when HUAWEI_* is set: their own client and their own rate budget.
  const huawei = config.huawei
    ? new HuaweiWorkspaceClient({ ...config.huawei, clock, logger: logger.child({ component: 'huawei' }) })
    : null;

  const inFlight = new InFlight();
  let outbox: OutboxWorker | null = null;
  let approvals: ApprovalService | null = null;
  const slack = createSlackApp({
    config: config.slack,
    logger,
    routes: healthRoutes({
      metrics,
      checks: {
        store: async () => {
          await store.ping();
          return true;
        },
        migrations: async () => (store.migrationsApplied() > 0 ? true : 'no schema migration applied'),
        slack: async () => (slack.connected() ? true : 'not connected to Slack'),
      },
    }),
    ctx: (app) => {
      const operators = parseSubjects(config.access.operators.join(','));
      const approvers = parseSubjects(config.access.approvers.join(','));
      const policy = new AccessPolicy({
        channels: new Set(config.access.allowedChannels),
        operators,
        approvers,
        clock,
        membersOf: async (usergroup) => (await app.client.usergroups.users.list({ usergroup })).users ?? [],
        channelsHint: 'use it in a channel listed in VPS_ALLOWED_CHANNELS',
      });
      approvals = new ApprovalService({
        api: hostup,
        store,
        policy,
        clock,
        logger: logger.child({ component: 'approvals' }),
        settings: {
          requiredApprovals: config.access.approvalsRequired,
          ttlMs: config.access.approvalTtlMinutes * 60_000,
          requireApproval: new Set(config.access.requireApproval),
          approversConfigured: approvers.users.size + approvers.groups.size > 0,
        },
        poke: () => outbox?.poke(),
        appServers: huawei,
        ...(options.huaweiFollow?.initialDelayMs !== undefined
          ? { appServerInitialDelayMs: options.huaweiFollow.initialDelayMs }
          : {}),
      });
      const actions = new VpsActions({ api: hostup, store, policy, clock, logger, approvals });
      const appServers = huawei
        ? new AppServerActions({
            api: huawei,
            store,
            policy,
            clock,
            logger: logger.child({ component: 'app-servers' }),
            approvals,
            ...(options.huaweiFollow?.initialDelayMs !== undefined
              ? { initialDelayMs: options.huaweiFollow.initialDelayMs }
              : {}),
          })
        : null;
      return {
        appServers,
        api: hostup,
        actions,
        policy,
        store,
        clock,
        logger,
        inFlight,
        metrics,
        pokeOutbox: () => {
          outbox?.poke();
          tracker?.poke();
        },
        approvals,
        client: app.client,
      };
    },
  });
  outbox = new OutboxWorker({
    store,
    send: createSlackSender(slack.app.client),
    clock,
    logger: logger.child({ component: 'outbox' }),
    owner: instanceId,
    leaseMs: config.leaseSeconds * 1000,
    ...(options.outboxIdleMs ? { idleMs: options.outboxIdleMs } : {}),
  });
  tracker = new OperationTracker({
    store,
    api: hostup,
    clock,
    logger: logger.child({ component: 'tracker' }),
    onStep: (provider, outcome) => metrics.polls.inc({ provider, outcome }),
    owner: instanceId,
    budget,
    leaseMs: config.leaseSeconds * 1000,
    followLimitMs: config.followLimitMinutes * 60_000,
    followers: huawei
      ? {
          huawei: new AppServerRebootFollower({
            api: huawei,
            clock,
            logger: logger.child({ component: 'tracker' }),
            budget: new RateBudget({ clock }),
            ...(options.huaweiFollow?.rebootLimitMs
              ? { rebootLimitMs: options.huaweiFollow.rebootLimitMs }
              : {}),
            ...(options.pollSchedule ? { schedule: options.pollSchedule } : {}),
          }),
        }
      : {},
    ...(options.pollSchedule
      ? { schedule: options.pollSchedule, idleMs: options.pollSchedule.minMs ?? 500 }
      : {}),
  });
  const sweeper = new ApprovalSweeper({
    sweep: () => approvals?.expireDue() ?? Promise.resolve(0),
    clock,
    logger: logger.child({ component: 'approval-sweeper' }),
    ...(options.approvalSweepMs ? { intervalMs: options.approvalSweepMs } : {}),
  });

  let stopped = false;
  return {
    store,
    metrics,
    async start() {
      const started = await slack.start();
      outbox.start();
      tracker.start();
      sweeper.start();
      return started;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // Stop taking new work first, then let what was acked finish before the store closes.
      await slack.stop().catch((error) => logger.warn({ err: error }, 'stopping the Slack app failed'));
      if (!(await inFlight.drain(10_000)))
        logger.warn({ inFlight: inFlight.count }, 'stopped with work in flight');
      await sweeper.stop();
      await tracker.stop();
      await outbox.drainOnce().catch(() => 0);
      await outbox.stop();
      await store
        .releaseLease(instanceId)
        .catch((error) => logger.warn({ err: error }, 'could not hand leases back'));
      await hostup.close();
      await huawei?.close();
      await store.close();
    },
  };
}
