import type { ApprovalRequest, ApprovalState } from './approvals.js';

/**
 * The approval request message in the channel, as plain data: posted once (the outbox 'root'
 * of its approval) and edited with a fresh copy on every change (a vote, a rejection, a cancel,
 * expiry, a failure). Once the action runs, the message becomes its operation's root instead.
 */
export interface ApprovalMessage {
  readonly type: 'approval.message';
  readonly approvalId: string;
  readonly request: ApprovalRequest;
  readonly requester: string;
  /** Why the requester asks ('' when they gave no reason). */
  readonly reason: string;
  readonly state: ApprovalState;
  readonly requiredApprovals: number;
  readonly votes: readonly { readonly userId: string; readonly at: number }[];
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
  /** The rejecter's or canceller's note, or why it failed. */
  readonly note: string | null;
}

/** A private line for one person (sent as an ephemeral message through the outbox). */
export interface ApprovalNote {
  readonly type: 'approval.note';
  /** Who sees it (the outbox sender reads `user` for ephemeral messages). */
  readonly user: string;
  /** Plain text; the renderer escapes it. */
  readonly text: string;
}

/** Who approved an operation that needed approval, carried on its subject so edits keep it. */
export interface OperationApproval {
  readonly approvalId: string;
  /** "Restore web-01 to snapshot before-upgrade". */
  readonly title: string;
  readonly reason: string;
  readonly approvers: readonly string[];
  readonly approvedAt: number;
}
