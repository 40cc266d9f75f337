import type { OperationApproval } from '../../domain/approval-notifications.js';
import type { Notification, OperationSubject } from '../../domain/notifications.js';
import type { OperationSteps } from '../../domain/operation-steps.js';
import type { ActingCall, NewOutboxMessage, StoreTx, TrackedOperation } from '../../store/store.js';
import type { ActingDeps } from './acting-deps.js';
import type { CallResult } from './call-keeping-lease.js';
import type { CallAnswer } from './executor.js';
import type { ActingOrigin, StartActionArgs } from './start-action.js';

/** What set off the call being recorded: a Confirm, an approved request, or an earlier step. */
export type AnsweredOrigin =
  | ActingOrigin
  | { readonly kind: 'step'; readonly approval: OperationApproval | null };

export type AnswerArgs = Omit<StartActionArgs, 'origin'> & {
  readonly origin: AnsweredOrigin;
  readonly operation: TrackedOperation;
  readonly call: ActingCall;
  readonly answer: CallResult<CallAnswer>;
};

/** One answer's commit, given the transaction and what every kind needs. */
export interface Recording {
  readonly tx: StoreTx;
  readonly deps: ActingDeps;
  readonly args: AnswerArgs;
  readonly op: TrackedOperation;
  readonly now: number;
  readonly approval: OperationApproval | null;
  readonly subject: (jobId: string | null) => OperationSubject;
  /** The operation's steps, when it has several; this answer is the current one's. */
  readonly steps: OperationSteps | null;
  /** The operation's meta to write with this answer (the request, who approved, the steps). */
  readonly meta: Record<string, unknown>;
  /**
   * A message key with the step's number after the first step, so the restore after its safety
   * snapshot is news again ("queued" once per call).
   */
  key(k: string): string;
  /** The audit entry of this answer (written only when the change was recorded). */
  audit(outcome: string, extra: Record<string, unknown>): Promise<unknown>;
}

/** A message that follows the operation's root (the outbox fills in its ts). */
export function follow(
  op: TrackedOperation,
  payload: Notification,
  key: string,
  kind: 'post' | 'update' = 'post',
): NewOutboxMessage {
  return { kind, channel: op.channel, anchor: 'follow', payload, dedupeKey: `${op.id}:${key}` };
}
