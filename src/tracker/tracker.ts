import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { withCorrelation } from '../correlation.js';
import type { VpsApi } from '../domain/vps-api.js';
import { AppError } from '../errors.js';
import type { ProviderName, Store, TrackedOperation } from '../store/store.js';
import type { FollowStep, OperationFollower } from './follower.js';
import { HostUpJobFollower } from './hostup-job-follower.js';
import type { FailureBackoffOptions, PollScheduleOptions } from './poll-schedule.js';
import { RateBudget } from './rate-budget.js';
import { defaultThreadPolicy, type ThreadPolicy } from './transitions.js';

export interface OperationTrackerOptions {
  readonly store: Store;
  /**
   * HostUp jobs are followed through this (only `pollJob` is used: the tracker reads, it never
   * calls an acting route). Without it, only the `followers` given are used.
   */
  readonly api?: Pick<VpsApi, 'pollJob'>;
  /** Followers of other providers' operations (e.g. 'huawei' app-server reboots). */
  readonly followers?: Partial<Record<ProviderName, OperationFollower>>;
  /**
   * Operations whose acting call has no recorded answer (phase 'calling' with its caller's lease
   * run out, or 'reconciling') go to this one, whatever their provider.
   */
  readonly reconcile?: OperationFollower;
  /**
   * Operations of several steps: `caller` takes those whose next step's call is owed (phase
   * 'next_call') or whose person did not choose in time (phase 'paused'); `wrap` goes around every
   * provider's follower, so a step's end moves on to the next step (see step-follower.ts).
   */
  readonly steps?: {
    readonly caller: OperationFollower;
    readonly wrap: (follower: OperationFollower) => OperationFollower;
  };
  readonly clock: Clock;
  readonly logger: Logger;
  /** Lease owner: unique per process (e.g. `${hostname}:${pid}:${randomUUID()}`). */
  readonly owner: string;
  /** Polls in flight at once. Default 8. */
  readonly concurrency?: number;
  /** How long a claimed operation stays ours without news. Default 2 min (covers timeouts and 429 waits). */
  readonly leaseMs?: number;
  /** HostUp jobs older than this are given up. Default 2 h. */
  readonly followLimitMs?: number;
  /** The process-wide HostUp budget (also fed by the client's `onRateLimit`). */
  readonly budget?: RateBudget;
  /** [0, 1) for jitter. Default Math.random. */
  readonly random?: () => number;
  /** The provider whose jobs `api` can read. Default 'hostup'. */
  readonly provider?: ProviderName;
  /** How often to look for due operations when idle. Default 500 ms. */
  readonly idleMs?: number;
  readonly schedule?: Partial<PollScheduleOptions>;
  readonly backoff?: Partial<FailureBackoffOptions>;
  readonly thread?: Partial<ThreadPolicy>;
  /** Told the outcome of every poll (for metrics). */
  readonly onStep?: (provider: ProviderName, outcome: StepOutcome) => void;
}

export type StepOutcome = 'ok' | 'read_failed' | 'finished' | 'abandoned';

function stepOutcome(step: FollowStep): StepOutcome {
  if (step.kind === 'finish') return 'finished';
  if (step.kind === 'abandon') return 'abandoned';
  if (step.kind === 'recorded') return 'ok';
  return step.patch.lastError ? 'read_failed' : 'ok';
}

type CoreOptions = Pick<OperationTrackerOptions, 'store' | 'clock' | 'logger' | 'owner'> &
  Required<Pick<OperationTrackerOptions, 'concurrency' | 'leaseMs' | 'idleMs'>>;

/**
 * Follows every provider operation to its end and enqueues the thread's updates, durably: all
 * state is in the store, claimed with leases, and every outcome is one atomic store transition
 * guarded by the lease (a false return means another worker took over: the result is dropped).
 * Several trackers (processes) may share one store; each operation is polled by one at a time.
 * What a step reads and says is up to the operation's provider's follower.
 */
export class OperationTracker {
  readonly #o: CoreOptions;
  readonly #schedule: Partial<PollScheduleOptions>;
  readonly #followers = new Map<ProviderName, OperationFollower>();
  readonly #reconcile: OperationFollower | undefined;
  readonly #steps: OperationFollower | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #stepHook: OperationTrackerOptions['onStep'];
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: AbortController | null = null;
  #stopping = new AbortController();

  constructor(options: OperationTrackerOptions) {
    this.#stepHook = options.onStep;
    this.#o = { concurrency: 8, leaseMs: 120_000, idleMs: 500, ...options };
    this.#schedule = options.schedule ?? {};
    this.#reconcile = options.reconcile;
    this.#steps = options.steps?.caller;
    for (const [provider, follower] of Object.entries(options.followers ?? {})) {
      if (follower) this.#followers.set(provider as ProviderName, follower);
    }
    if (options.api) {
      this.#followers.set(
        options.provider ?? 'hostup',
        new HostUpJobFollower({
          api: options.api,
          clock: options.clock,
          logger: options.logger,
          budget: options.budget ?? new RateBudget({ clock: options.clock }),
          followLimitMs: options.followLimitMs ?? 2 * 60 * 60_000,
          random: options.random ?? Math.random,
          schedule: this.#schedule,
          backoff: options.backoff ?? {},
          thread: { ...defaultThreadPolicy, ...options.thread },
        }),
      );
    }
    const wrap = options.steps?.wrap;
    if (wrap)
      for (const [provider, follower] of this.#followers) this.#followers.set(provider, wrap(follower));
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
    // A store that is already gone must not turn a stop into a crash: the leases then simply expire.
    const released = await this.#o.store.releaseLease(this.#o.owner).catch((error: unknown) => {
      this.#o.logger.warn({ err: error }, 'tracker: could not hand leases back');
      return 0;
    });
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
      await withCorrelation(op.correlationId, () => this.#poll(op));
    } catch (error) {
      this.#o.logger.error(
        { err: error, operationId: op.id, correlationId: op.correlationId },
        'tracker: poll could not be recorded',
      );
    }
  }

  async #poll(op: TrackedOperation): Promise<void> {
    const { store, clock, owner, logger, leaseMs } = this.#o;
    const claimedAt = clock.now();
    const follower =
      op.phase === 'following'
        ? this.#followers.get(op.provider)
        : op.phase === 'next_call' || op.phase === 'paused'
          ? this.#steps
          : this.#reconcile;
    if (!follower) {
      logger.warn(
        { operationId: op.id, provider: op.provider },
        'tracker: operation has nothing this tracker can poll',
      );
      await this.#record(op, { nextPollAt: claimedAt + (this.#schedule.maxMs ?? 30_000) }, []);
      return;
    }
    let extendedAt = claimedAt;
    const step = await follower.step(op, {
      signal: this.#stopping.signal,
      claimedAt,
      keepLease: async () => {
        const now = clock.now();
        if (now - extendedAt <= leaseMs / 3) return true;
        extendedAt = now;
        return store.extendLease(op.id, owner, { now, leaseMs });
      },
    });
    this.#onStep?.(op.provider, stepOutcome(step));
    switch (step.kind) {
      case 'abandon':
        if (step.reason === 'lease_lost') this.#lost(op);
        return;
      case 'recorded':
        return;
      case 'continue':
        return this.#record(op, step.patch, [...step.messages]);
      case 'finish': {
        const now = clock.now();
        const ok = await store.completeOperation(op.id, owner, { ...step.end, at: now }, [...step.messages]);
        if (!ok) return this.#lost(op);
        if (step.durationMs !== null) await store.recordDuration(op.provider, op.action, step.durationMs);
        return;
      }
    }
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

  get #onStep(): OperationTrackerOptions['onStep'] {
    return this.#stepHook;
  }

  #lost(op: TrackedOperation): void {
    this.#o.logger.debug(
      { operationId: op.id, owner: this.#o.owner },
      'tracker: lease lost; another worker has it',
    );
  }
}
