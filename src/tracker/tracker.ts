import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { VpsApi } from '../domain/vps-api.js';
import { AppError, ProviderError, RateLimitedError } from '../errors.js';
import type { ProviderName, Store, TrackedOperation } from '../store/store.js';
import {
  type FailureBackoffOptions,
  failureBackoffDelay,
  nextPollDelay,
  type PollScheduleOptions,
} from './poll-schedule.js';
import { scheduleInputFor } from './progress-memory.js';
import type { RateBudget } from './rate-budget.js';
import { withTrackerState } from './tracker-meta.js';
import {
  defaultThreadPolicy,
  planGiveUp,
  planJobGone,
  planReading,
  type ThreadPolicy,
} from './transitions.js';

export interface OperationTrackerOptions {
  readonly store: Store;
  /** Only `pollJob` is used: the tracker reads, it never calls an acting route. */
  readonly api: Pick<VpsApi, 'pollJob'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Lease owner: unique per process (e.g. `${hostname}:${pid}:${randomUUID()}`). */
  readonly owner: string;
  /** Polls in flight at once. Default 8. */
  readonly concurrency?: number;
  /** How long a claimed operation stays ours without news. Default 2 min (covers timeouts and 429 waits). */
  readonly leaseMs?: number;
  /** Operations older than this are given up. Default 2 h. */
  readonly followLimitMs?: number;
  /** The process-wide HostUp budget (also fed by the client's `onRateLimit`). */
  readonly budget: RateBudget;
  /** [0, 1) for jitter. Default Math.random. */
  readonly random?: () => number;
  /** The provider whose jobs `api` can read. Default 'hostup'. */
  readonly provider?: ProviderName;
  /** How often to look for due operations when idle. Default 500 ms. */
  readonly idleMs?: number;
  readonly schedule?: Partial<PollScheduleOptions>;
  readonly backoff?: Partial<FailureBackoffOptions>;
  readonly thread?: Partial<ThreadPolicy>;
}

/**
 * Follows every queued provider job to its end and enqueues the thread's updates, durably: all
 * state is in the store, claimed with leases, and every outcome is one atomic store transition
 * guarded by the lease (a false return means another worker took over: the result is dropped).
 * Several trackers (processes) may share one store; each operation is polled by one at a time.
 */
export class OperationTracker {
  readonly #o: Required<Omit<OperationTrackerOptions, 'schedule' | 'backoff' | 'thread'>>;
  readonly #schedule: Partial<PollScheduleOptions>;
  readonly #backoff: Partial<FailureBackoffOptions>;
  readonly #thread: ThreadPolicy;
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: AbortController | null = null;
  #stopping = new AbortController();

  constructor(options: OperationTrackerOptions) {
    this.#o = {
      concurrency: 8,
      leaseMs: 120_000,
      followLimitMs: 2 * 60 * 60_000,
      random: Math.random,
      provider: 'hostup',
      idleMs: 500,
      ...options,
    };
    this.#schedule = options.schedule ?? {};
    this.#backoff = options.backoff ?? {};
    this.#thread = { ...defaultThreadPolicy, ...options.thread };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopping = new AbortController();
    this.#loop = this.#run();
  }

  /** Look for due operations now (e.g. right after one was created). */
  poke(): void {
    this.#wake?.abort();
  }

  /**
   * Stops claiming, lets polls already sent finish (polls still waiting for the rate budget are
   * abandoned), then releases every lease this owner holds so another instance takes over at once.
   */
  async stop(): Promise<void> {
    this.#running = false;
    this.#stopping.abort(new AppError('tracker_stopped', 'The tracker is stopping'));
    this.poke();
    await this.#loop;
    this.#loop = null;
    await Promise.allSettled([...this.#inFlight]);
    const released = await this.#o.store.releaseLease(this.#o.owner);
    this.#o.logger.info({ owner: this.#o.owner, released }, 'tracker stopped');
  }

  /** Claims the due operations (up to `concurrency`) and polls them; resolves with how many. */
  async pollOnce(): Promise<number> {
    const { store, clock, owner, leaseMs, concurrency } = this.#o;
    const due = await store.claimDueOperations({ owner, now: clock.now(), leaseMs, limit: concurrency });
    await Promise.all(due.map((op) => this.#track(op)));
    return due.length;
  }

  async #run(): Promise<void> {
    const { store, clock, owner, leaseMs, concurrency, logger, idleMs } = this.#o;
    while (this.#running) {
      const free = concurrency - this.#inFlight.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const due = await store.claimDueOperations({ owner, now: clock.now(), leaseMs, limit: free });
          for (const op of due) this.#launch(op);
          claimed = due.length;
        } catch (error) {
          logger.error({ err: error }, 'tracker: could not claim due operations');
        }
      }
      if (!this.#running) break;
      if (claimed > 0 && this.#inFlight.size < concurrency) continue;
      this.#wake = new AbortController();
      await clock.sleep(idleMs, this.#wake.signal).catch(() => undefined);
      this.#wake = null;
    }
  }

  #launch(op: TrackedOperation): void {
    const done = this.#track(op).finally(() => {
      this.#inFlight.delete(done);
      this.poke();
    });
    this.#inFlight.add(done);
  }

  /** One poll of one claimed operation; never throws (the lease expires if the store fails). */
  async #track(op: TrackedOperation): Promise<void> {
    try {
      await this.#poll(op);
    } catch (error) {
      this.#o.logger.error({ err: error, operationId: op.id }, 'tracker: poll could not be recorded');
    }
  }

  async #poll(op: TrackedOperation): Promise<void> {
    const { store, clock, owner, logger, budget, api, followLimitMs, leaseMs } = this.#o;
    const claimedAt = clock.now();
    if (claimedAt - op.startedAt >= followLimitMs) return this.#giveUp(op, claimedAt);
    if (op.provider !== this.#o.provider || !op.pollUrl) {
      logger.warn(
        { operationId: op.id, provider: op.provider },
        'tracker: operation has nothing this tracker can poll',
      );
      await this.#record(op, { nextPollAt: claimedAt + (this.#schedule.maxMs ?? 30_000) }, []);
      return;
    }
    try {
      await budget.take(this.#stopping.signal);
    } catch {
      return; // stopping: the lease is released by stop()
    }
    if (clock.now() - claimedAt > leaseMs / 3) {
      const kept = await store.extendLease(op.id, owner, { now: clock.now(), leaseMs });
      if (!kept) return this.#lost(op);
    }

    let job: Awaited<ReturnType<VpsApi['pollJob']>>;
    try {
      job = await api.pollJob(op.pollUrl);
    } catch (error) {
      return this.#pollFailed(op, error);
    }
    const now = clock.now();
    const plan = planReading({ op, job, now, policy: this.#thread });
    if (plan.kind === 'finish') {
      const ok = await store.completeOperation(
        op.id,
        owner,
        {
          state: plan.outcome === 'completed' ? 'done' : 'failed',
          status: plan.status,
          at: now,
          lastError: plan.lastError,
        },
        plan.messages,
      );
      if (!ok) return this.#lost(op);
      if (plan.outcome === 'completed') await store.recordDuration(op.provider, op.action, plan.durationMs);
      logger.info(
        { operationId: op.id, outcome: plan.outcome, durationMs: plan.durationMs },
        'tracker: operation ended',
      );
      return;
    }
    if (plan.unknownStatus !== null) {
      logger.warn(
        { operationId: op.id, jobId: op.jobId, rawStatus: plan.unknownStatus },
        'tracker: HostUp sent a job status the bot does not know; still following',
      );
    }
    const input = scheduleInputFor(plan.state, {
      startedAt: op.startedAt,
      now,
      expectedDurationMs: op.expectedDurationMs,
    });
    const delay = nextPollDelay({ ...input, random: this.#o.random, options: this.#schedule });
    await this.#record(
      op,
      {
        status: plan.status,
        progress: plan.progress,
        progressMessage: plan.progressMessage,
        nextPollAt: now + delay,
        consecutiveFailures: 0,
        lastError: null,
        meta: withTrackerState(op, plan.state),
      },
      plan.messages,
    );
  }

  async #pollFailed(op: TrackedOperation, error: unknown): Promise<void> {
    const { store, clock, owner, logger, budget } = this.#o;
    const now = clock.now();
    if (error instanceof ProviderError && error.status === 404) {
      const plan = planJobGone({ op, now, error: { code: error.code, requestId: error.requestId ?? null } });
      const ok = await store.completeOperation(
        op.id,
        owner,
        { state: 'failed', status: op.status, at: now, lastError: plan.lastError },
        plan.messages,
      );
      if (!ok) return this.#lost(op);
      logger.warn(
        { operationId: op.id, jobId: op.jobId, requestId: error.requestId },
        'tracker: HostUp no longer knows the job',
      );
      return;
    }
    // Anything else (5xx, 429, a dropped or stalled connection, an unreadable body) may pass:
    // a poll is a read, so keep the operation and try again later, slower each time.
    const failures = op.consecutiveFailures + 1;
    let delay = failureBackoffDelay(failures, this.#o.random, this.#backoff);
    if (error instanceof RateLimitedError) {
      budget.observe({ limit: null, remaining: null, resetAt: null, retryAfterMs: error.retryAfterMs });
      delay = Math.max(delay, error.retryAfterMs);
    }
    const code = error instanceof AppError ? error.code : 'unexpected';
    const message = error instanceof Error ? error.message : String(error);
    logger.warn({ operationId: op.id, code, failures, retryInMs: delay }, 'tracker: poll failed, will retry');
    await this.#record(
      op,
      {
        nextPollAt: now + delay,
        consecutiveFailures: failures,
        lastError: `${code}: ${message}`.slice(0, 500),
      },
      [],
    );
  }

  async #giveUp(op: TrackedOperation, now: number): Promise<void> {
    const plan = planGiveUp({ op, now, followLimitMs: this.#o.followLimitMs });
    const ok = await this.#o.store.completeOperation(
      op.id,
      this.#o.owner,
      { state: 'gave_up', status: plan.status, at: now, lastError: 'follow_limit_reached' },
      plan.messages,
    );
    if (!ok) return this.#lost(op);
    this.#o.logger.warn(
      { operationId: op.id, lastStatus: op.status },
      'tracker: gave up following the operation',
    );
  }

  /** recordPoll with the attempt counted; drops the result quietly if the lease was lost. */
  async #record(
    op: TrackedOperation,
    patch: Parameters<Store['recordPoll']>[2],
    messages: Parameters<Store['recordPoll']>[3],
  ): Promise<void> {
    const ok = await this.#o.store.recordPoll(
      op.id,
      this.#o.owner,
      { ...patch, attempts: op.attempts + 1 },
      messages,
    );
    if (!ok) this.#lost(op);
  }

  #lost(op: TrackedOperation): void {
    this.#o.logger.debug(
      { operationId: op.id, owner: this.#o.owner },
      'tracker: lease lost; another worker has it',
    );
  }
}
