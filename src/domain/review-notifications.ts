import type { ActionRequest } from './action-request.js';

/**
 * The message a break-glass use posts in the channel, as plain data: who broke the glass, on what,
 * why, what it skipped, the approvers asked to review it, and — once one did — who and when.
 */
export interface ReviewMessage {
  readonly type: 'review.message';
  readonly reviewId: string;
  readonly actor: string;
  readonly request?: ActionRequest;
  readonly targetName: string;
  readonly reason: string;
  readonly skipped: readonly ('freeze' | 'approval')[];
  /** The rule's approvers as written (group names, `U…`, `S…`). */
  readonly approvers: readonly string[];
  readonly createdAt: number;
  readonly reviewedBy: string | null;
  readonly reviewedAt: number | null;
}
