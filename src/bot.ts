import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { webApi } from '@slack/bolt';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { formatProblem, type ReloadOutcome } from './domain/policy/index.js';
import { InFlight } from './in-flight.js';
import type { Logger } from './logger.js';
import { healthRoutes } from './ops/health-routes.js';
import { Metrics, storeSources } from './ops/metrics.js';
import { policyAtStart } from './policy-file.js';
import { HostUpClient } from './providers/hostup/index.js';
import { HuaweiWorkspaceClient } from './providers/huawei/index.js';
import type { ActingDeps } from './services/acting/acting-deps.js';
import { PolicyService } from './services/acting/policy-service.js';
import { pauseMs } from './services/acting/record-answer.js';
import { ActionConfirmations } from './services/action-confirmations.js';
import { AfterReviews } from './services/after-reviews.js';
import { ApprovalDecisions } from './services/approval-decisions.js';
import { ApprovalSweeper } from './services/approval-sweeper.js';
import { expireConfirmations } from './services/confirmation-expiry.js';
import { reconcileLeftExecuting } from './services/left-executing.js';
import { PausedOperations } from './services/paused-operations.js';
import { RestoreRequests } from './services/restore-requests.js';
import { createSlackApp, slackClientOptions } from './slack/app.js';
import { boltLogger } from './slack/bolt-logger.js';
import { slackDeliveryBudget } from './slack/delivery-budget.js';
import { ReplicaSlots } from './slack/replica-slots.js';
import { createDelivery } from './slack/surfaces.js';
import { openStore } from './store/open-store.js';
import type { DeliveryBudget, Store } from './store/store.js';
import { AppServerRebootFollower, defaultRebootLimitMs } from './tracker/app-server-follower.js';
import type { OutagePolicy } from './tracker/poll-outage.js';
import type { PollScheduleOptions } from './tracker/poll-schedule.js';
import { RateBudget } from './tracker/rate-budget.js';
import { ReconcileFollower } from './tracker/reconcile-follower.js';
import { stepsOption } from './tracker/step-caller.js';
import { OperationTracker } from './tracker/tracker.js';

export interface Bot {
  readonly store: Store;
  readonly metrics: Metrics;
  /** Resolves when Slack is connected (Socket Mode) or the HTTP endpoint listens. */
  start(): Promise<{ port: number | null }>;
  /** Stops taking work, lets in-flight work finish, hands leases back and closes the store. */
  stop(): Promise<void>;
  /** Reads the policy file again (SIGHUP); a bad file keeps the policy in force. */
  reloadPolicy(): Promise<ReloadOutcome>;
}

export interface BotOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Lease owner for this process; unique by default. */
  readonly instanceId?: string;
  /** Outbox idle poll, shorter in tests. */
  readonly outboxIdleMs?: number;
  /** What the outbox may send to Slack; Slack's limits by default (benchmarks scale them). */
  readonly deliveryBudget?: DeliveryBudget;
  /** Poll schedule overrides (tests follow jobs of milliseconds). */
  readonly pollSchedule?: Partial<PollScheduleOptions>;
  /** How often open requests are looked at (expiry, due runs; default 15 s), shorter in tests. */
  readonly approvalSweepMs?: number;
  /** App-server reboots: first reading after the call (default 10 s) and time limit (default 15 min). */
  readonly huaweiFollow?: { readonly initialDelayMs?: number; readonly rebootLimitMs?: number };
  /** How often an operation whose answer was lost is read again (default 5 s). */
  readonly reconcileEveryMs?: number;
  /** When a run of failed polls is told in the thread (default 3 failures over 30 s). */
  readonly pollOutage?: OutagePolicy;
}

/** How long a Confirm button stays usable. */
const confirmationTtlMs = 5 * 60_000;

/**
 * The composition root, read top to bottom: policy → store → Slack's Web API client → providers →
 * workers → use cases → Slack app. `main.ts` runs it; tests build the very same bot against the fakes.
 */
export async function createBot(options: BotOptions): Promise<Bot> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 6)}`;
  const leaseMs = config.leaseSeconds * 1000;

  const holder = await policyAtStart(config.access);
  const store = await openStore(config.databaseUrl, { clock });
  const metrics = new Metrics(storeSources(store));
  const client = new webApi.WebClient(config.slack.botToken, {
    ...slackClientOptions(config.slack.apiUrl),
    logger: boltLogger(logger),
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
  const huawei = config.huawei
    ? new HuaweiWorkspaceClient({ ...config.huawei, clock, logger: logger.child({ component: 'huawei' }) })
    : null;
  const providers = { hostup, huawei };
  const policy = new PolicyService({
    holder,
    clock,
    membersOf: async (usergroup) => (await client.usergroups.users.list({ usergroup })).users ?? [],
  });

  const { outbox, context: surfaces } = createDelivery(
    { client, hostup, store, policy, clock, logger },
    {
      owner: instanceId,
      leaseMs,
      idleMs: options.outboxIdleMs,
      budget: options.deliveryBudget ?? slackDeliveryBudget,
      onRateLimited: () => metrics.rateLimited.inc({ provider: 'slack' }),
    },
  );
  // The tracker makes later steps' acting calls through the pipeline: acting comes first (poke runs later).
  const poke = () => {
    outbox.poke();
    tracker.poke();
  };
  const acting: ActingDeps = {
    store,
    providers,
    policy,
    clock,
    logger: logger.child({ component: 'acting' }),
    owner: instanceId,
    leaseMs,
    firstPollMs: { hostup: 1000, huawei: options.huaweiFollow?.initialDelayMs ?? 10_000 },
    poke,
  };
  const trackerLogger = logger.child({ component: 'tracker' });
  const rebootLimit = options.huaweiFollow?.rebootLimitMs ?? defaultRebootLimitMs;
  const tracker = new OperationTracker({
    store,
    api: hostup,
    clock,
    logger: trackerLogger,
    onStep: (provider, outcome) => metrics.polls.inc({ provider, outcome }),
    onEnqueued: () => outbox.poke(),
    owner: instanceId,
    budget,
    leaseMs,
    followLimitMs: config.followLimitMinutes * 60_000,
    ...(options.pollOutage ? { outage: options.pollOutage } : {}),
    steps: stepsOption({
      acting,
      hostup,
      budget,
      pauseMs,
      logger: trackerLogger,
      rebootLimitMs: rebootLimit,
    }),
    reconcile: new ReconcileFollower({
      store,
      providers,
      clock,
      logger: trackerLogger,
      ...(options.reconcileEveryMs ? { everyMs: options.reconcileEveryMs } : {}),
    }),
    followers: huawei
      ? {
          huawei: new AppServerRebootFollower({
            api: huawei,
            clock,
            logger: trackerLogger,
            budget: new RateBudget({ clock }),
            rebootLimitMs: rebootLimit,
            ...(options.pollSchedule ? { schedule: options.pollSchedule } : {}),
          }),
        }
      : {},
    ...(options.pollSchedule
      ? { schedule: options.pollSchedule, idleMs: options.pollSchedule.minMs ?? 500 }
      : {}),
  });
  const approvalTtlMs = config.access.approvalTtlMinutes * 60_000;
  const confirmations = new ActionConfirmations({ ...acting, confirmationTtlMs, approvalTtlMs });
  const restores = new RestoreRequests({ ...acting, approvalTtlMs });
  const decisions = new ApprovalDecisions(acting);
  const reviews = new AfterReviews({ store, policy, now: () => clock.now(), poke });
  const steps = new PausedOperations(acting);
  const expireDue = async () => (await decisions.expireDue()) + (await expireConfirmations(acting));
  const sweeper = new ApprovalSweeper({
    sweep: async () =>
      (await expireDue()) + (await decisions.runDue()) + (await reconcileLeftExecuting(acting)),
    clock,
    logger: logger.child({ component: 'approval-sweeper' }),
    // Countdowns run when the sweeper next looks after their time: every 5 s unless told otherwise.
    intervalMs: options.approvalSweepMs ?? 5_000,
  });

  const inFlight = new InFlight();
  let lastReload: ReloadOutcome | null = null;
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
      notes: {
        policy: async () =>
          lastReload && !lastReload.ok
            ? `the last reload of the policy file failed; the previous policy is still in force (${lastReload.problems.length} problem(s))`
            : null,
      },
    }),
    ctx: {
      hostup,
      huawei,
      policy,
      confirmations,
      restores,
      decisions,
      reviews,
      steps,
      store,
      clock,
      logger,
      pokeOutbox: poke,
      inFlight,
      metrics,
      client,
      ...surfaces,
      approvalTtlMinutes: config.access.approvalTtlMinutes,
    },
  });

  // Socket Mode: count the replicas holding connections, so one too many is refused at start.
  const replicas =
    config.slack.mode === 'socket'
      ? new ReplicaSlots({ store, clock, logger, id: instanceId, leaseMs })
      : null;

  let stopped = false;
  return {
    store,
    metrics,
    async start() {
      await replicas?.join();
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
      await replicas?.leave();
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
    async reloadPolicy() {
      lastReload = await holder.reload();
      if (lastReload.ok)
        logger.info(
          { changed: lastReload.changed, hash: lastReload.policy.hash.slice(0, 12) },
          'policy reloaded',
        );
      else
        logger.error(
          { problems: lastReload.problems.map(formatProblem) },
          'the new policy file is invalid; the previous policy stays in force',
        );
      return lastReload;
    },
  };
}
