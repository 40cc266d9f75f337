import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { AccessPolicy, parseSubjects } from './domain/policy.js';
import { InFlight } from './in-flight.js';
import type { Logger } from './logger.js';
import { HostUpClient } from './providers/hostup/index.js';
import { ApprovalSweeper } from './services/approval-sweeper.js';
import { ApprovalService } from './services/approvals.js';
import { VpsActions } from './services/vps-actions.js';
import { createSlackApp } from './slack/app.js';
import { createSlackSender } from './slack/outbox-sender.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';
import { OutboxWorker } from './tracker/outbox-worker.js';
import type { PollScheduleOptions } from './tracker/poll-schedule.js';
import { RateBudget } from './tracker/rate-budget.js';
import { OperationTracker } from './tracker/tracker.js';

export interface Bot {
  readonly store: Store;
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
  // One rate budget for the whole process: every HostUp answer feeds it, every poll draws on it.
  const budget = new RateBudget({ clock });
  const hostup = new HostUpClient({
    baseUrl: config.hostup.apiUrl,
    token: config.hostup.apiToken,
    clock,
    logger: logger.child({ component: 'hostup' }),
    onRateLimit: (info) => budget.observe(info),
  });
  let tracker: OperationTracker | null = null;

  const inFlight = new InFlight();
  let outbox: OutboxWorker | null = null;
  let approvals: ApprovalService | null = null;
  const slack = createSlackApp({
    config: config.slack,
    logger,
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
      });
      const actions = new VpsActions({ api: hostup, store, policy, clock, logger, approvals });
      return {
        api: hostup,
        actions,
        policy,
        store,
        clock,
        logger,
        inFlight,
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
    owner: instanceId,
    budget,
    leaseMs: config.leaseSeconds * 1000,
    followLimitMs: config.followLimitMinutes * 60_000,
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
      await store.releaseLease(instanceId);
      await hostup.close();
      await store.close();
    },
  };
}
