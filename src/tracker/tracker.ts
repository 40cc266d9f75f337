import { setMaxListeners } from 'node:events';
import { withCorrelation } from '../correlation.js';
import { AppError } from '../errors.js';
import type { ProviderName, Store, TrackedOperation } from '../store/store.js';
import { DurationPriors } from './duration-priors.js';
import type { OperationFollower } from './follower.js';
import { HostUpJobFollower } from './hostup-job-follower.js';
import type { PollScheduleOptions } from './poll-schedule.js';
import { RateBudget } from './rate-budget.js';
import { type OperationTrackerOptions, stepOutcome } from './tracker-options.js';
import { defaultThreadPolicy } from './transitions.js';

export type { OperationTrackerOptions, StepOutcome } from './tracker-options.js';

type CoreOptions = Pick<OperationTrackerOptions, 'store' | 'clock' | 'logger' | 'owner' | 'onEnqueued'> &
  Required<Pick<OperationTrackerOptions, 'concurrency' | 'leaseMs' | 'idleMs' | 'budget'>>;

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
  readonly #priors: DurationPriors;
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: AbortController | null = null;
  #stopping = new AbortController();
  /** Nothing is claimable before this (0: look now). Kept from the store's answer and each step's plan. */
  #dueAt = 0;

  constructor(options: OperationTrackerOptions) {
    this.#stepHook = options.onStep;
    this.#o = {
      concurrency: 64,
      leaseMs: 120_000,
      idleMs: 500,
      ...options,
      budget: options.budget ?? new RateBudget({ clock: options.clock }),
    };
    this.#priors = new DurationPriors({ store: options.store, clock: options.clock });
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
          budget: this.#o.budget,
          priors: this.#priors,
          followLimitMs: options.followLimitMs ?? 2 * 60 * 60_000,
          random: options.random ?? Math.random,
          schedule: this.#schedule,
          backoff: options.backoff ?? {},
          thread: { ...defaultThreadPolicy, ...options.thread },
          ...(options.outage ? { outage: options.outage } : {}),
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
    // Every poll in flight listens for the stop (while it waits for its turn in the budget).
    setMaxListeners(this.#o.concurrency + 16, this.#stopping.signal);
    this.#loop = this.#run();
  }

  /** Look for due operations now (e.g. right after one was created). */
  poke(): void {
    this.#dueAt = 0;
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
    const { store, clock, owner, leaseMs, concurrency, logger, idleMs, budget } = this.#o;
    while (this.#running) {
      this.#wake = new AbortController();
      const now = clock.now();
      const room = Math.min(concurrency - this.#inFlight.size, budget.available());
      let full = false;
      if (room > 0 && now >= this.#dueAt) {
        try {
          const due = await store.claimDueOperations({ owner, now, leaseMs, limit: room });
          for (const op of due) this.#launch(op);
          // Let the polls just launched reach the budget before it is asked how many more may go.
          if (due.length > 0) await new Promise((resolve) => setImmediate(resolve));
          full = due.length === room;
          // Fewer than asked: nothing else is due until the store's next time (or a step's plan).
          if (!full) this.#dueAt = (await store.nextClaimableAt()) ?? now + idleMs;
        } catch (error) {
          logger.error({ err: error }, 'tracker: could not claim due operations');
          this.#dueAt = now + idleMs;
        }
      }
      if (!this.#running) break;
      if (full && this.#inFlight.size < concurrency && budget.available() > 0) continue;
      const later = clock.now();
      const wait = Math.max(
        1,
        Math.min(idleMs, this.#dueAt - later, budget.available() > 0 ? idleMs : budget.waitMs()),
      );
      await clock.sleep(wait, this.#wake.signal).catch(() => undefined);
    }
    this.#wake = null;
  }

  #launch(op: TrackedOperation): void {
    const done = this.#track(op).then((nextAt) => {
      this.#inFlight.delete(done);
      // A freed slot or an earlier next poll: the loop decides whether to claim now.
      this.#dueAt = Math.min(this.#dueAt, nextAt ?? 0);
      this.#wake?.abort();
    });
    this.#inFlight.add(done);
  }

  /**
   * One poll of one claimed operation; never throws (the lease expires if the store fails).
   * Resolves with when it is due again (null: not any more, or not known).
   */
  async #track(op: TrackedOperation): Promise<number | null> {
    try {
      return await withCorrelation(op.correlationId, () => this.#poll(op));
    } catch (error) {
      this.#o.logger.error(
        { err: error, operationId: op.id, correlationId: op.correlationId },
        'tracker: poll could not be recorded',
      );
      return null;
    }
  }

  async #poll(op: TrackedOperation): Promise<number | null> {
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
      const nextPollAt = claimedAt + (this.#schedule.maxMs ?? 30_000);
      await this.#record(op, { nextPollAt }, []);
      return nextPollAt;
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
    this.#stepHook?.(op.provider, stepOutcome(step));
    const told = () => {
      if ((step.kind === 'continue' || step.kind === 'finish') && step.messages.length > 0)
        this.#o.onEnqueued?.();
    };
    switch (step.kind) {
      case 'abandon':
        if (step.reason === 'lease_lost') this.#lost(op);
        return null;
      case 'recorded':
        // The step recorded itself (a later step's acting call) and poked the outbox.
        return null;
      case 'continue':
        await this.#record(op, step.patch, [...step.messages]);
        told();
        return step.patch.nextPollAt ?? null;
      case 'finish': {
        const now = clock.now();
        const ok = await store.completeOperation(op.id, owner, { ...step.end, at: now }, [...step.messages]);
        if (!ok) {
          this.#lost(op);
          return null;
        }
        told();
        if (step.durationMs !== null) await this.#priors.record(op.provider, op.action, step.durationMs);
        return null;
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
      { attempts: op.attempts + 1, ...patch },
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
