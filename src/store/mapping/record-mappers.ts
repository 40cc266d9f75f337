import type {
  ActingCall,
  ActingCallState,
  AfterReview,
  Approval,
  ApprovalStatus,
  ApprovalVote,
  AuditEntry,
  Confirmation,
  ConfirmationStatus,
  LockSlot,
  NewOutboxMessage,
  OperationOutcome,
  OperationPatch,
  OperationPhase,
  OperationState,
  OutboxAnchor,
  OutboxKind,
  OutboxMessage,
  OutboxPriority,
  OutboxStatus,
  ProviderName,
  ServerLock,
  TrackedOperation,
} from '../records.js';
import { type JsonReader, num, numOrNull, type Row, str, strOrNull } from './row-values.js';

/** Row → record mappers; the same for both backends once given how to read a JSON column. */
export interface RecordMappers {
  toOperation(row: Row): TrackedOperation;
  toMessage(row: Row): OutboxMessage;
  /** `votes` are read separately (from `approval_votes`, see `toVote`), in vote order. */
  toApproval(row: Row, votes: readonly ApprovalVote[]): Approval;
  toConfirmation(row: Row): Confirmation;
  toAuditEntry(row: Row): AuditEntry;
  toActingCall(row: Row): ActingCall;
  toServerLock(row: Row): ServerLock;
  toReview(row: Row): AfterReview;
}

/** One `approval_votes` row. */
export function toVote(row: Row): ApprovalVote {
  return { userId: str(row.user_id), at: num(row.at) };
}

/** The `operations` column each patchable field is stored in (the same in both schemas). */
export const operationPatchColumns: Readonly<Record<keyof OperationPatch, string>> = {
  status: 'status',
  progress: 'progress',
  progressMessage: 'progress_message',
  nextPollAt: 'next_poll_at',
  attempts: 'attempts',
  consecutiveFailures: 'consecutive_failures',
  lastError: 'last_error',
  jobId: 'job_id',
  pollUrl: 'poll_url',
  rootTs: 'root_ts',
  expectedDurationMs: 'expected_duration_ms',
  meta: 'meta',
  phase: 'phase',
  jobStartedAt: 'job_started_at',
  jobFinishedAt: 'job_finished_at',
  updatedAt: 'updated_at',
};

/** The documented default order group (see `NewOutboxMessage.orderKey`). */
export function defaultOrderKey(message: NewOutboxMessage): string {
  // A break-glass review's root and its one edit stay in one group: the edit waits for the root.
  if (!message.operationId && !message.approvalId && message.reviewId) return `review:${message.reviewId}`;
  const anchored = message.operationId
    ? `operation:${message.operationId}`
    : message.approvalId
      ? `approval:${message.approvalId}`
      : null;
  // Edits of the anchor go apart from the thread: they have their own (tighter) Slack limit, so a
  // root edit waiting for its turn must not hold a final reply back (nor the reverse).
  if (anchored)
    return message.kind === 'update' && message.anchor === 'follow' ? `${anchored}:edits` : anchored;
  return `${message.channel}:${message.threadTs ?? message.targetTs ?? 'top'}`;
}

/** Every edit of the same Slack message shows the whole message: only the newest matters. */
export function defaultCoalesceKey(message: NewOutboxMessage): string | null {
  if (message.kind !== 'update') return null;
  if (message.anchor === 'follow' && message.operationId) return `edit:operation:${message.operationId}`;
  if (message.anchor === 'follow' && message.approvalId) return `edit:approval:${message.approvalId}`;
  if (message.anchor === 'follow' && message.reviewId) return `edit:review:${message.reviewId}`;
  return message.targetTs ? `edit:${message.channel}:${message.targetTs}` : null;
}

const priorities: readonly OutboxPriority[] = ['first', 'normal', 'last'];

/** The stored rank of a priority (lower goes first). */
export function priorityRank(message: NewOutboxMessage): number {
  const priority =
    message.priority ?? (message.anchor === 'root' || message.kind === 'ephemeral' ? 'first' : 'normal');
  return priorities.indexOf(priority);
}

/** Builds the mappers for a backend whose JSON columns decode with `json`. */
export function recordMappers(json: JsonReader): RecordMappers {
  return {
    toOperation: (row) => ({
      id: str(row.id),
      provider: str(row.provider) as ProviderName,
      targetId: str(row.target_id),
      targetName: str(row.target_name),
      action: str(row.action),
      requester: str(row.requester),
      correlationId: str(row.correlation_id),
      jobId: strOrNull(row.job_id),
      pollUrl: strOrNull(row.poll_url),
      channel: str(row.channel),
      rootTs: strOrNull(row.root_ts),
      status: strOrNull(row.status),
      progress: numOrNull(row.progress),
      progressMessage: strOrNull(row.progress_message),
      startedAt: num(row.started_at),
      updatedAt: num(row.updated_at),
      nextPollAt: num(row.next_poll_at),
      attempts: num(row.attempts),
      consecutiveFailures: num(row.consecutive_failures),
      lastError: strOrNull(row.last_error),
      terminalAt: numOrNull(row.terminal_at),
      state: str(row.state) as OperationState,
      leaseOwner: strOrNull(row.lease_owner),
      leaseExpiresAt: numOrNull(row.lease_expires_at),
      expectedDurationMs: numOrNull(row.expected_duration_ms),
      meta: json(row.meta),
      phase: str(row.phase ?? 'following') as OperationPhase,
      outcome: strOrNull(row.outcome) as OperationOutcome | null,
      jobStartedAt: numOrNull(row.job_started_at),
      jobFinishedAt: numOrNull(row.job_finished_at),
    }),
    toMessage: (row) => ({
      id: str(row.id),
      operationId: strOrNull(row.operation_id),
      approvalId: strOrNull(row.approval_id),
      reviewId: strOrNull(row.review_id),
      kind: str(row.kind) as OutboxKind,
      channel: str(row.channel),
      threadTs: strOrNull(row.thread_ts),
      targetTs: strOrNull(row.target_ts),
      anchor: strOrNull(row.anchor) as OutboxAnchor | null,
      payload: json(row.payload),
      dedupeKey: strOrNull(row.dedupe_key),
      orderKey: str(row.order_key),
      status: str(row.status) as OutboxStatus,
      attempts: num(row.attempts),
      nextAttemptAt: num(row.next_attempt_at),
      leaseOwner: strOrNull(row.lease_owner),
      leaseExpiresAt: numOrNull(row.lease_expires_at),
      createdAt: num(row.created_at),
      sentAt: numOrNull(row.sent_at),
      resultTs: strOrNull(row.result_ts),
      lastError: strOrNull(row.last_error),
      priority: priorities[num(row.priority)] ?? 'normal',
      coalesceKey: strOrNull(row.coalesce_key),
      supersededBy: strOrNull(row.superseded_by),
      maybeDelivered: num(row.maybe_delivered) !== 0,
    }),
    toApproval: (row, votes) => ({
      id: str(row.id),
      requester: str(row.requester),
      actionKind: str(row.action_kind),
      target: str(row.target),
      payload: json(row.payload),
      reason: str(row.reason),
      channel: str(row.channel),
      messageTs: strOrNull(row.message_ts),
      status: str(row.status) as ApprovalStatus,
      requiredApprovals: num(row.required_approvals),
      approvals: votes,
      createdAt: num(row.created_at),
      expiresAt: num(row.expires_at),
      decidedBy: strOrNull(row.decided_by),
      decidedAt: numOrNull(row.decided_at),
      decisionNote: strOrNull(row.decision_note),
      jobId: strOrNull(row.job_id),
      error: strOrNull(row.error),
      updatedAt: num(row.updated_at),
      runAt: numOrNull(row.run_at),
      operationId: strOrNull(row.operation_id),
    }),
    toConfirmation: (row) => ({
      id: str(row.id),
      requester: str(row.requester),
      kind: str(row.kind),
      target: str(row.target),
      payload: json(row.payload),
      channel: str(row.channel),
      status: str(row.status) as ConfirmationStatus,
      createdAt: num(row.created_at),
      expiresAt: num(row.expires_at),
      decidedBy: strOrNull(row.decided_by),
      decidedAt: numOrNull(row.decided_at),
      replyUrl: strOrNull(row.reply_url),
    }),
    toAuditEntry: (row) => ({
      id: str(row.id),
      at: num(row.at),
      actor: str(row.actor),
      action: str(row.action),
      target: str(row.target),
      outcome: str(row.outcome),
      detail: json(row.detail),
      correlationId: strOrNull(row.correlation_id),
    }),
    toActingCall: (row) => ({
      id: str(row.id),
      operationId: str(row.operation_id),
      provider: str(row.provider) as ProviderName,
      action: str(row.action),
      target: str(row.target),
      request: json(row.request),
      requester: str(row.requester),
      executor: str(row.executor),
      correlationId: strOrNull(row.correlation_id),
      state: str(row.state) as ActingCallState,
      calledAt: num(row.called_at),
      answeredAt: numOrNull(row.answered_at),
      result: row.result === null || row.result === undefined ? null : json(row.result),
    }),
    toReview: (row) => ({
      id: str(row.id),
      actor: str(row.actor),
      action: str(row.action),
      target: str(row.target),
      targetName: str(row.target_name),
      reason: str(row.reason),
      detail: json(row.detail),
      channel: str(row.channel),
      messageTs: strOrNull(row.message_ts),
      operationId: strOrNull(row.operation_id),
      approvalId: strOrNull(row.approval_id),
      createdAt: num(row.created_at),
      reviewedBy: strOrNull(row.reviewed_by),
      reviewedAt: numOrNull(row.reviewed_at),
      reviewNote: strOrNull(row.review_note),
    }),
    toServerLock: (row) => ({
      serverKey: str(row.server_key),
      slot: str(row.slot) as LockSlot,
      holder: str(row.holder),
      action: str(row.action),
      actor: str(row.actor),
      acquiredAt: num(row.acquired_at),
    }),
  };
}
