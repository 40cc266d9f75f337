import type { ActionRequest } from './action-request.js';
import type { ApprovalState } from './approvals.js';
import type { BusyWith, ErrorInfo, Refusal } from './refusals.js';
import type { SafetyPreview } from './safety-preview.js';

/**
 * The approval request message in the channel, as plain data: posted once (the outbox 'root'
 * of its approval) and edited with a fresh copy on every change (a vote, a rejection, a cancel,
 * expiry, a failure). Once the action runs, the message becomes its operation's root instead.
 */
export interface ApprovalMessage {
  readonly type: 'approval.message';
  readonly approvalId: string;
  readonly request: ActionRequest;
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
  /** The rejecter's or canceller's note, as they typed it (release 0.1 also kept failures here). */
  readonly note: string | null;
  /** Why an approved request did not run. */
  readonly refusal?: Refusal;
  /** For a restore: whether a safety point will be taken first, and the countdown after the last vote. */
  readonly safety?: SafetyPreview;
  /** When an approved request runs; later than `decidedAt` while its countdown runs. */
  readonly runAt?: number | null;
  /** Who may approve it (user ids and user-group ids), as the policy named them when it was asked. */
  readonly approvers?: ApproverIds;
  /**
   * Set only on the request's first post: its approvers are mentioned there, so they are told once,
   * and not again by every edit (a vote, an expiry).
   */
  readonly mention?: boolean;
}

/** Slack user ids (`U…`) and user-group ids (`S…`). */
export interface ApproverIds {
  readonly users: readonly string[];
  readonly userGroups: readonly string[];
}

/**
 * A private line for one person (sent as an ephemeral message through the outbox), as a code the
 * renderer words.
 */
export interface PrivateNote {
  readonly type: 'private.note';
  /** Who sees it (the outbox sender reads `user` for ephemeral messages). */
  readonly user: string;
  readonly note:
    | {
        readonly code: 'request_posted';
        readonly request: ActionRequest;
        readonly required: number;
        readonly approvers: readonly string[];
        readonly ttlMinutes: number;
      }
    | { readonly code: 'request_refused'; readonly refusal: Refusal }
    | { readonly code: 'request_approved'; readonly request: ActionRequest; readonly by: string }
    | {
        readonly code: 'request_rejected';
        readonly request: ActionRequest;
        readonly by: string;
        readonly note: string | null;
      }
    | { readonly code: 'request_expired'; readonly request: ActionRequest }
    | { readonly code: 'request_not_run'; readonly request: ActionRequest; readonly refusal: Refusal }
    | { readonly code: 'action_failed'; readonly error: ErrorInfo }
    | { readonly code: 'request_closed'; readonly status: ApprovalState | 'unknown' }
    | { readonly code: 'form_used' }
    | { readonly code: 'backups_unavailable' }
    | { readonly code: 'busy'; readonly server: string; readonly busy: BusyWith };
}

/** Release 0.1's private line: plain text (still rendered for messages enqueued before an upgrade). */
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
  /** Release 0.1 stored the request's title; today's renderer words it from the subject's request. */
  readonly title?: string;
  readonly reason: string;
  readonly approvers: readonly string[];
  readonly approvedAt: number;
}
