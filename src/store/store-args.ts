import type { Approval, Confirmation, OperationOutcome, OperationState } from './records.js';

/** The arguments and results of the Store's methods. */

export interface DecideConfirmationArgs {
  readonly by: string;
  readonly decision: 'confirmed' | 'cancelled';
  readonly now: number;
}

export type DecideConfirmationResult =
  | { readonly ok: true; readonly confirmation: Confirmation }
  | {
      readonly ok: false;
      readonly reason: 'not_found' | 'already_decided' | 'expired' | 'not_requester';
      readonly confirmation?: Confirmation;
    };

export interface ApprovalDecisionArgs {
  readonly by: string;
  readonly now: number;
  readonly note?: string | null;
  /** cancelApproval: `by` is an approver stopping an approved request during its countdown. */
  readonly asApprover?: boolean;
}

export type ApprovalRefusal =
  | 'not_found'
  | 'not_pending'
  | 'expired'
  | 'self_approval'
  | 'duplicate'
  | 'not_requester';

export type AddApprovalResult =
  | { readonly ok: true; readonly complete: boolean; readonly approval: Approval }
  | { readonly ok: false; readonly reason: ApprovalRefusal; readonly approval?: Approval };

export type ApprovalTransitionResult =
  | { readonly ok: true; readonly approval: Approval }
  | { readonly ok: false; readonly reason: ApprovalRefusal; readonly approval?: Approval };

export interface ClaimArgs {
  /** Who takes the lease: unique per worker (e.g. `${hostname}:${pid}:${randomUUID()}`). */
  readonly owner: string;
  readonly now: number;
  readonly leaseMs: number;
  readonly limit: number;
}

export interface CompleteOperationArgs {
  readonly state: Exclude<OperationState, 'active'>;
  /** Defaults from `state`: done → completed, failed → failed, gave_up → gave_up. */
  readonly outcome?: OperationOutcome;
  readonly status: string | null;
  readonly at: number;
  readonly lastError?: string | null;
  /** The job's own start and end, when the provider reported them. */
  readonly jobStartedAt?: number | null;
  readonly jobFinishedAt?: number | null;
}

export interface EnqueueResult {
  readonly enqueued: boolean;
  /** The new message's id, or the existing one's for a duplicate `dedupeKey`. */
  readonly id: string;
}

export interface AuditQuery {
  readonly target?: string;
  readonly actor?: string;
  readonly correlationId?: string;
  /** Defaults to 50. */
  readonly limit?: number;
}
