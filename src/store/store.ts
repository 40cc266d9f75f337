import type { EngineName } from './engine.js';
import type {
  ActingCall,
  ActingCallState,
  AfterReview,
  Approval,
  AuditEntry,
  Confirmation,
  DeliveryBudget,
  LockSlot,
  NewActingCall,
  NewAfterReview,
  NewApproval,
  NewAuditEntry,
  NewConfirmation,
  NewOperation,
  NewOutboxMessage,
  OperationPatch,
  OutboxKind,
  OutboxMessage,
  ProviderName,
  ServerLock,
  TrackedOperation,
} from './records.js';
import type { ReplicaHeartbeats } from './replica-heartbeats.js';
import type {
  AddApprovalResult,
  ApprovalDecisionArgs,
  ApprovalTransitionResult,
  AuditQuery,
  ClaimArgs,
  CompleteOperationArgs,
  DecideConfirmationArgs,
  DecideConfirmationResult,
  EnqueueResult,
} from './store-args.js';

export type * from './records.js';

/**
 * The one door to durable state. Every method that changes state is a single atomic transition
 * in the database, guarded by a condition on the row (status, lease owner, expiry), never by an
 * in-process lock: two bot processes on the same database stay correct. One implementation serves
 * SQLite and PostgreSQL (sql-store.ts); the contract suite (test/store/store-contract.ts) runs
 * against both.
 *
 * `StoreTx` is what a use case sees inside `transaction()`: the same methods, all in one commit.
 */
export interface StoreTx extends ReplicaHeartbeats {
  // ── Confirmations ──
  createConfirmation(input: NewConfirmation): Promise<Confirmation>;
  getConfirmation(id: string): Promise<Confirmation | null>;
  /**
   * Moves a pending confirmation to the decision, only if it is still pending, not expired and
   * `by` is its requester. Of many concurrent deciders exactly one gets `ok: true`.
   * A confirmation found past its expiry is marked 'expired'.
   */
  decideConfirmation(id: string, args: DecideConfirmationArgs): Promise<DecideConfirmationResult>;
  /**
   * Every confirmation that has expired and was not noted yet (pending past its expiry, or marked
   * expired by a late click) becomes 'expired' and noted; returns those, each exactly once.
   */
  expireConfirmations(now: number): Promise<Confirmation[]>;

  // ── Processed interactions ──
  /** True the first time `key` is seen (across restarts and processes), false afterwards. */
  claimInteraction(key: string, now: number): Promise<boolean>;
  /** Forgets interaction keys claimed before `before`; returns how many. */
  pruneInteractions(before: number): Promise<number>;

  // ── Approvals ──
  createApproval(input: NewApproval): Promise<Approval>;
  getApproval(id: string): Promise<Approval | null>;
  /** Pending approvals, oldest first. */
  listPendingApprovals(): Promise<Approval[]>;
  /**
   * Records `userId`'s approval. Refuses the requester, a second vote by the same person, a
   * request that is not pending, and one past its expiry. The vote that reaches
   * `requiredApprovals` moves the request to 'approved' and alone gets `complete: true`.
   */
  addApproval(id: string, userId: string, now: number): Promise<AddApprovalResult>;
  /** pending → rejected (who may reject is policy, decided before calling). */
  rejectApproval(id: string, args: ApprovalDecisionArgs): Promise<ApprovalTransitionResult>;
  /**
   * pending or approved (not yet executing) → cancelled, by the requester; with `asApprover`
   * (the caller checked the policy) by anyone, but only while approved: the countdown.
   */
  cancelApproval(id: string, args: ApprovalDecisionArgs): Promise<ApprovalTransitionResult>;
  /** Every pending request whose expiry has passed becomes 'expired'; returns those. */
  expireApprovals(now: number): Promise<Approval[]>;
  /** approved → executing; true for exactly one caller. */
  markApprovalExecuting(id: string, now?: number): Promise<boolean>;
  /** executing → executed, keeping the provider job id. */
  markApprovalExecuted(id: string, jobId: string | null, now?: number): Promise<boolean>;
  /** approved or executing → failed. */
  markApprovalFailed(id: string, error: string, now?: number): Promise<boolean>;
  setApprovalMessage(id: string, channel: string, ts: string): Promise<boolean>;
  /**
   * The vote that reached the quorum set `runAt`: approved requests due by `now` (oldest first),
   * which a run may take with `markApprovalRun`. A process that died between the last vote and the
   * run leaves its request here, so another one runs it.
   */
  listDueApprovals(now: number): Promise<Approval[]>;
  /**
   * Requests release 0.1 left 'executing' (its process stopped between starting a run and
   * recording it): today's runs never leave one there. They are reconciled, never run again.
   */
  listApprovalsLeftExecuting(): Promise<Approval[]>;
  /** Sets when an approved request runs (the countdown after the last vote). */
  scheduleApprovalRun(id: string, runAt: number): Promise<boolean>;
  /**
   * approved → executed with the operation its run started; true for exactly one caller. Its
   * 'request' server lock ends with it.
   */
  markApprovalRun(id: string, args: { operationId: string; now: number }): Promise<boolean>;

  // ── Tracked operations ──
  /**
   * Creates an operation and, in the same transition, enqueues its first messages (their
   * `operationId` defaults to the new operation's id). A `(provider, jobId)` already tracked is
   * refused with AppError('operation_exists').
   */
  createOperation(
    input: NewOperation,
    options?: { messages?: NewOutboxMessage[] },
  ): Promise<TrackedOperation>;
  getOperation(id: string): Promise<TrackedOperation | null>;
  findOperationByJobId(provider: ProviderName, jobId: string): Promise<TrackedOperation | null>;
  /** Operations still being followed, by next poll time. */
  listActiveOperations(): Promise<TrackedOperation[]>;
  /**
   * Leases up to `limit` active operations that are due (`nextPollAt <= now`) and whose lease is
   * free or expired, to `owner` until `now + leaseMs`; returns them by next poll time.
   */
  claimDueOperations(args: ClaimArgs): Promise<TrackedOperation[]>;
  /**
   * The earliest time at or after which an active operation becomes claimable (its next poll, or
   * the end of the lease another worker holds on it); null when none is active.
   */
  nextClaimableAt(): Promise<number | null>;
  /**
   * Applies `patch` only if `owner` still holds the lease (nobody took it over); false otherwise.
   * The lease is kept.
   */
  updateOperation(id: string, owner: string, patch: OperationPatch): Promise<boolean>;
  /** Moves the lease's expiry to `now + leaseMs` if `owner` still holds it. */
  extendLease(id: string, owner: string, args: { now: number; leaseMs: number }): Promise<boolean>;
  /**
   * One poll's outcome: applies `patch`, enqueues `messages` and releases the lease (so whichever
   * worker is free takes the next poll), all or nothing, only if `owner` holds the lease.
   */
  recordPoll(
    id: string,
    owner: string,
    patch: OperationPatch,
    messages?: NewOutboxMessage[],
  ): Promise<boolean>;
  /**
   * Ends an active operation held by `owner`, releases its lease and its server locks, and enqueues
   * final `messages`, all in one transition.
   */
  completeOperation(
    id: string,
    owner: string,
    args: CompleteOperationArgs,
    messages?: NewOutboxMessage[],
  ): Promise<boolean>;
  /**
   * A paused operation (a step failed and a person is asked whether to go on) gets its decision:
   * phase 'paused' → 'next_call', due now, with `meta` (the decision in it). True for exactly one
   * caller; false when it is no longer paused or someone holds it.
   */
  resumePausedOperation(id: string, args: { meta: unknown; now: number }): Promise<boolean>;
  /** Every operation that acted (or tried to) on `targetId`, newest first. */
  listOperationsFor(targetId: string, limit?: number): Promise<TrackedOperation[]>;
  /** Operations that ended, newest first. */
  listRecentOperations(limit?: number): Promise<TrackedOperation[]>;
  /** Gives up every operation and outbox lease `owner` holds (graceful stop); returns how many. */
  releaseLease(owner: string): Promise<number>;
  recordDuration(provider: ProviderName, action: string, ms: number): Promise<void>;
  /** The median of the last 20 recorded durations, or null when none were recorded. */
  typicalDuration(provider: ProviderName, action: string): Promise<number | null>;
  /** The last 20 recorded durations, newest first (their spread tells how sure a median is). */
  recentDurations(provider: ProviderName, action: string): Promise<number[]>;

  // ── Outbox ──
  /** Adds a message; a `dedupeKey` seen before makes it a no-op (`enqueued: false`, existing id). */
  enqueueMessage(message: NewOutboxMessage): Promise<EnqueueResult>;
  getMessage(id: string): Promise<OutboxMessage | null>;
  /**
   * Leases due pending messages, by priority then oldest first, at most one per order group and
   * per coalesce key: a message is not handed out while an earlier one of its group or key is
   * still pending, nor a 'follow' message while its root is. With a `budget`, only what its
   * buckets allow now, and each handed-out message is charged to them in the same transition
   * (replicas share the buckets). Counts an attempt.
   */
  claimDueMessages(args: ClaimArgs & { readonly budget?: DeliveryBudget }): Promise<OutboxMessage[]>;
  /** Holds sends of `kind` to `channel` back until `until` (Slack answered 429 there). */
  pauseDelivery(args: { kind: OutboxKind; channel: string; until: number }): Promise<void>;
  /** The earliest time after `now` a pending message may become sendable (a retry, a bucket refilled). */
  nextDeliveryAt(args: { now: number; budget?: DeliveryBudget }): Promise<number | null>;
  /** pending → sent if `owner` holds the lease; a 'root' message's ts anchors its operation/approval. */
  markMessageSent(id: string, owner: string, args: { ts: string | null; now: number }): Promise<boolean>;
  /**
   * Releases the lease and schedules another attempt. `maybeDelivered`: the attempt's outcome is
   * unknown (no answer, a timeout), so Slack may have the message; a definite refusal (a 429, an
   * error answer) leaves it as it was.
   */
  markMessageRetry(
    id: string,
    owner: string,
    args: { nextAttemptAt: number; error: string; maybeDelivered?: boolean },
  ): Promise<boolean>;
  /** pending → failed for good (later messages of its group may then go). */
  markMessageFailed(id: string, owner: string, args: { error: string }): Promise<boolean>;
  /** Messages still owed (pending). */
  outboxDepth(): Promise<number>;

  // ── The acting journal ──
  /** Written before an acting request is sent: state 'calling'. */
  recordCallStart(call: NewActingCall): Promise<ActingCall>;
  /** 'calling' → the outcome, with what came back; false when it was closed already. */
  recordCallEnd(
    id: string,
    args: { state: Exclude<ActingCallState, 'calling'>; result: unknown; now: number },
  ): Promise<boolean>;
  /** The calls of one operation, in the order they were made. */
  listCalls(operationId: string): Promise<ActingCall[]>;

  // ── Server locks ──
  /**
   * Takes `slot` on every key for `holder`, all or none. On a conflict nothing is taken and the
   * lock in the way comes back. Locks end with their holder (see releaseServerLocks).
   */
  acquireServerLocks(args: {
    keys: readonly string[];
    slot: LockSlot;
    holder: string;
    action: string;
    actor: string;
    now: number;
  }): Promise<{ readonly ok: true } | { readonly ok: false; readonly held: ServerLock }>;
  /** Ends every lock `holder` has; returns how many. */
  releaseServerLocks(holder: string): Promise<number>;
  getServerLock(key: string, slot: LockSlot): Promise<ServerLock | null>;

  // ── After-reviews (break-glass) ──
  createReview(review: NewAfterReview): Promise<AfterReview>;
  getReview(id: string): Promise<AfterReview | null>;
  /** Reviews nobody has acknowledged yet, oldest first. */
  listOpenReviews(): Promise<AfterReview[]>;
  /** Acknowledges an open review, once; never by the person who broke the glass. */
  acknowledgeReview(
    id: string,
    args: { by: string; now: number; note?: string | null },
  ): Promise<
    | { readonly ok: true; readonly review: AfterReview }
    | {
        readonly ok: false;
        readonly reason: 'not_found' | 'already_reviewed' | 'own_use';
        readonly review?: AfterReview;
      }
  >;
  // ── App Home ──
  /** `user` opened the bot's App Home (kept, so changes refresh the homes people look at). */
  recordHomeViewer(user: string, now: number): Promise<void>;
  /** Which of `users` have opened the App Home. */
  homeViewers(users: readonly string[]): Promise<string[]>;

  // ── Audit (append-only: there is deliberately no update or delete) ──
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first. */
  listAudit(query?: AuditQuery): Promise<AuditEntry[]>;
  /**
   * Entries from `since` on, in the order they were appended (oldest first); when there are more
   * than `limit` (at most 10 000), the newest `limit` of them.
   */
  listAuditSince(since: number, limit: number): Promise<AuditEntry[]>;

  /**
   * Runs `fn` as one commit: every call on `tx` is part of it, and a throw rolls all of it back.
   * Inside a transaction it joins that one. Use only `tx` inside `fn`.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
}

export interface Store extends StoreTx {
  /** Which database is behind it. */
  readonly engine: EngineName;
  /** Resolves when the database answers a trivial query (readiness). */
  ping(): Promise<void>;
  /** Idempotent. */
  close(): Promise<void>;
  /** How many schema migrations the database has recorded (checked at open). */
  migrationsApplied(): number;
}

export type * from './store-args.js';
