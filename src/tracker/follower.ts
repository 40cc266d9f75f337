import type {
  CompleteOperationArgs,
  NewOutboxMessage,
  OperationPatch,
  TrackedOperation,
} from '../store/store.js';

/**
 * How the tracker follows one provider's operations. The tracker owns what every provider shares
 * (claiming due operations with a lease, concurrency, stopping, recording each outcome in one
 * atomic store transition); a follower owns what differs: what to read, what it means, what the
 * thread hears. A follower only reads: it never calls an acting route.
 */
export interface OperationFollower {
  /** One look at a claimed operation. Should not throw: a read that fails is a `continue` with backoff. */
  step(op: TrackedOperation, ctx: FollowContext): Promise<FollowStep>;
}

/** What the tracker lends a follower for one step. */
export interface FollowContext {
  /** Aborted when the tracker stops: a follower waiting (e.g. on a rate budget) gives up. */
  readonly signal: AbortSignal;
  /** When the operation was claimed for this step (the lease started then). */
  readonly claimedAt: number;
  /**
   * Call between slow parts of a step: extends the lease once a third of it has passed. False
   * when another worker took the operation over: the follower should then return `abandon`.
   */
  keepLease(): Promise<boolean>;
}

export type FollowStep =
  /** Not over yet: `patch` (with the next poll time) and `messages` are recorded together. */
  | {
      readonly kind: 'continue';
      readonly patch: OperationPatch;
      readonly messages: readonly NewOutboxMessage[];
    }
  /** Over: the operation ends with `end`, and `messages` are enqueued in the same transition. */
  | {
      readonly kind: 'finish';
      readonly end: Omit<CompleteOperationArgs, 'at'>;
      readonly messages: readonly NewOutboxMessage[];
      /** Recorded as a typical duration of the action (only for operations that completed). */
      readonly durationMs: number | null;
      /**
       * The operation's meta as this last reading left it (e.g. every server's state), for a step
       * of an operation that goes on after it (see step-follower.ts); not written otherwise.
       */
      readonly meta?: unknown;
    }
  /** Nothing to record: the tracker is stopping or the lease was lost. */
  | { readonly kind: 'abandon'; readonly reason: 'stopping' | 'lease_lost' }
  /** The step recorded its outcome itself (a later step's acting call: journal, call, answer). */
  | { readonly kind: 'recorded' };

/** A step that moves the operation on or ends it. */
export type ContinueOrFinish = Extract<FollowStep, { kind: 'continue' | 'finish' }>;
