import type { ApprovalMessage, ApprovalNote } from '../domain/approval-notifications.js';
import { type ApprovalRequest, describeRequest, requestTarget } from '../domain/approvals.js';
import { AppError } from '../errors.js';
import type { Approval, Store } from '../store/store.js';

/** What an approval row keeps in `payload`. */
export interface ApprovalPayload {
  readonly request: ApprovalRequest;
}

const kinds = new Set(['restore', 'restore-from', 'power', 'hostname', 'appserver-reboot']);

/** The request an approval was made for (written by this service, read back defensively). */
export function requestOf(approval: Approval): ApprovalRequest {
  const request = (approval.payload as Partial<ApprovalPayload> | null)?.request;
  if (!request || typeof request !== 'object' || !kinds.has(request.kind)) {
    throw new AppError(
      'approval_payload_invalid',
      `Approval ${approval.id} holds no request this bot can read`,
    );
  }
  return request;
}

/** The channel message for an approval as it stands now. */
export function approvalMessage(
  a: Approval,
  note: string | null = a.decisionNote ?? a.error,
): ApprovalMessage {
  return {
    type: 'approval.message',
    approvalId: a.id,
    request: requestOf(a),
    requester: a.requester,
    reason: a.reason,
    state: a.status,
    requiredApprovals: a.requiredApprovals,
    votes: a.approvals.map((v) => ({ userId: v.userId, at: v.at })),
    createdAt: a.createdAt,
    expiresAt: a.expiresAt,
    decidedBy: a.decidedBy,
    decidedAt: a.decidedAt,
    note,
  };
}

export function note(user: string, text: string): ApprovalNote {
  return { type: 'approval.note', user, text };
}

/**
 * Edits the approval's channel message to show `a`. `key` names the change: the outbox ignores a
 * second enqueue with the same key, so two paths noticing the same change (the sweeper and a late
 * click on an expired request) edit once, and `enqueued` tells which one should audit it.
 */
export async function publishApproval(store: Store, a: Approval, key: string): Promise<boolean> {
  const result = await store.enqueueMessage({
    kind: 'update',
    channel: a.channel,
    approvalId: a.id,
    anchor: 'follow',
    targetTs: a.messageTs,
    payload: approvalMessage(a),
    dedupeKey: `approval:${a.id}:${key}`,
  });
  return result.enqueued;
}

/**
 * Audit detail shared by every approval entry: `/vps audit` shows `summary` and finds entries by
 * `vpsName` (for app servers, the one name or "N app servers", with every name in `servers`).
 */
export function auditDetail(a: Approval, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const request = requestOf(a);
  return {
    vpsName: requestTarget(request).name,
    ...(request.kind === 'appserver-reboot' ? { servers: request.servers.map((s) => s.name) } : {}),
    approvalId: a.id,
    summary: describeRequest(request).title,
    ...extra,
  };
}
