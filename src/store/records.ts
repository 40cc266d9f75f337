/**
 * The rows the store keeps, as the rest of the bot reads them. Every time is epoch milliseconds
 * from the injected Clock; every `payload`/`detail`/`meta` is JSON-serialisable data.
 */

/**
 * JSON-serialisable data (`JSON.stringify` round-trips it). Typed `unknown` rather than a JSON
 * union so callers' interfaces fit without index signatures; read it back through a zod schema.
 */
export type JsonData = unknown;

// ── Confirmations ─────────────────────────────────────────────────────────────────────────────

export type ConfirmationStatus = 'pending' | 'confirmed' | 'cancelled' | 'expired';

/** A pending ephemeral "Confirm / Cancel" offered to the person who asked for an action. */
export interface Confirmation {
  readonly id: string;
  readonly requester: string;
  /** What is being confirmed: 'power', 'hostname', … */
  readonly kind: string;
  readonly target: string;
  readonly payload: JsonData;
  readonly channel: string;
  readonly status: ConfirmationStatus;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
  /**
   * The response_url the private confirmation was posted through, when it can replace it (a
   * command's reply, or a private message the click came from); null otherwise.
   */
  readonly replyUrl: string | null;
}

export interface NewConfirmation {
  readonly id?: string;
  readonly requester: string;
  readonly kind: string;
  readonly target: string;
  readonly payload: JsonData;
  readonly channel: string;
  readonly expiresAt: number;
  /** Defaults to the clock's now. */
  readonly createdAt?: number;
  readonly replyUrl?: string | null;
}

// ── Approvals ─────────────────────────────────────────────────────────────────────────────────

export type ApprovalStatus =
  | 'pending'
  | 'approved'
  | 'executing'
  | 'executed'
  | 'rejected'
  | 'cancelled'
  | 'expired'
  | 'failed';

export interface ApprovalVote {
  readonly userId: string;
  readonly at: number;
}

/** A request for other people to approve a destructive action before it runs. */
export interface Approval {
  readonly id: string;
  readonly requester: string;
  readonly actionKind: string;
  readonly target: string;
  readonly payload: JsonData;
  readonly reason: string;
  readonly channel: string;
  /** The ts of the posted approval message, once posted. */
  readonly messageTs: string | null;
  readonly status: ApprovalStatus;
  readonly requiredApprovals: number;
  /** In the order they were given. */
  readonly approvals: readonly ApprovalVote[];
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
  readonly decisionNote: string | null;
  /** The provider job started when it executed. */
  readonly jobId: string | null;
  /** Why execution failed. */
  readonly error: string | null;
  readonly updatedAt: number;
  /** When an approved request runs (the last vote plus any countdown); null until approved. */
  readonly runAt: number | null;
  /** The operation its run started. */
  readonly operationId: string | null;
}

export interface NewApproval {
  readonly id?: string;
  readonly requester: string;
  readonly actionKind: string;
  readonly target: string;
  readonly payload: JsonData;
  readonly reason: string;
  readonly channel: string;
  readonly requiredApprovals: number;
  readonly expiresAt: number;
  readonly createdAt?: number;
}

// ── Tracked operations ────────────────────────────────────────────────────────────────────────

export type ProviderName = 'hostup' | 'huawei';

export type OperationState = 'active' | 'done' | 'failed' | 'gave_up';

/**
 * Where an active operation is. 'calling': the acting call is in flight and its caller holds the
 * lease (a lease that runs out means the caller died mid-call). 'following': the provider
 * answered and its job is polled. 'reconciling': the answer was lost; the server's live state is
 * read until it is clear what happened. An operation of several steps (a safety snapshot, then the
 * restore; a canary, then the rest) is in 'next_call' when its next step's call is owed (whoever
 * claims it makes that call, once) and in 'paused' while a person chooses whether to go on after
 * a failed step. Nothing in any phase calls the provider's acting route again.
 */
export type OperationPhase = 'calling' | 'following' | 'reconciling' | 'next_call' | 'paused';

/** How a finished operation ended, as the thread's final reply said it. */
export type OperationOutcome = 'completed' | 'failed' | 'refused' | 'unknown' | 'gave_up';

/** A provider job the bot follows until it ends, and reports in a Slack thread. */
export interface TrackedOperation {
  readonly id: string;
  readonly provider: ProviderName;
  readonly targetId: string;
  readonly targetName: string;
  readonly action: string;
  readonly requester: string;
  readonly correlationId: string;
  readonly jobId: string | null;
  readonly pollUrl: string | null;
  readonly channel: string;
  /** The ts of the thread's root message, once posted. */
  readonly rootTs: string | null;
  /** The job's last status as the provider said it. */
  readonly status: string | null;
  readonly progress: number | null;
  readonly progressMessage: string | null;
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly nextPollAt: number;
  readonly attempts: number;
  readonly consecutiveFailures: number;
  readonly lastError: string | null;
  readonly terminalAt: number | null;
  readonly state: OperationState;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: number | null;
  readonly expectedDurationMs: number | null;
  readonly meta: JsonData;
  readonly phase: OperationPhase;
  readonly outcome: OperationOutcome | null;
  /** The job's own start and end, when the provider reports them (durations come from these). */
  readonly jobStartedAt: number | null;
  readonly jobFinishedAt: number | null;
}

export interface NewOperation {
  readonly id?: string;
  readonly provider: ProviderName;
  readonly targetId: string;
  readonly targetName: string;
  readonly action: string;
  readonly requester: string;
  readonly correlationId: string;
  readonly jobId?: string | null;
  readonly pollUrl?: string | null;
  readonly channel: string;
  readonly rootTs?: string | null;
  readonly status?: string | null;
  /** Defaults to the clock's now. */
  readonly startedAt?: number;
  /** Defaults to `startedAt` (due at once). */
  readonly nextPollAt?: number;
  readonly expectedDurationMs?: number | null;
  readonly meta?: JsonData;
  /** Defaults to 'following'. */
  readonly phase?: OperationPhase;
  /** Created already leased (the caller of an acting call holds its operation while it waits). */
  readonly lease?: { readonly owner: string; readonly expiresAt: number };
}

/** Fields a lease holder may change. Absent fields stay as they are. */
export interface OperationPatch {
  readonly status?: string | null;
  readonly progress?: number | null;
  readonly progressMessage?: string | null;
  readonly nextPollAt?: number;
  readonly attempts?: number;
  readonly consecutiveFailures?: number;
  readonly lastError?: string | null;
  readonly jobId?: string | null;
  readonly pollUrl?: string | null;
  readonly rootTs?: string | null;
  readonly expectedDurationMs?: number | null;
  readonly meta?: JsonData;
  readonly phase?: OperationPhase;
  readonly jobStartedAt?: number | null;
  readonly jobFinishedAt?: number | null;
  /** Defaults to the clock's now. */
  readonly updatedAt?: number;
}

// ── Audit ─────────────────────────────────────────────────────────────────────────────────────

export type AuditOutcome =
  | 'requested'
  | 'approved'
  | 'rejected'
  | 'cancelled'
  | 'expired'
  | 'executed'
  | 'failed'
  | 'refused'
  | (string & {});

export interface AuditEntry {
  readonly id: string;
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly outcome: AuditOutcome;
  readonly detail: JsonData;
  readonly correlationId: string | null;
}

export interface NewAuditEntry {
  readonly id?: string;
  /** Defaults to the clock's now. */
  readonly at?: number;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly outcome: AuditOutcome;
  readonly detail?: JsonData;
  readonly correlationId?: string | null;
}

export type * from './acting-records.js';
export type * from './outbox-records.js';
