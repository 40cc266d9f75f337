import type { ActionRequest } from '../domain/action-request.js';
import { requestTarget } from '../domain/action-request.js';
import type { ApprovalMessage, ApproverIds, PrivateNote } from '../domain/approval-notifications.js';
import type { ApprovalBasis } from '../domain/policy/index.js';
import type { Refusal } from '../domain/refusals.js';
import type { SafetyPreview } from '../domain/safety-preview.js';
import { AppError } from '../errors.js';
import type { Approval, StoreTx } from '../store/store.js';

/** What an approval row keeps in `payload`. */
export interface ApprovalPayload {
  readonly request: ActionRequest;
  /** What the policy approved it under (absent on requests from release 0.1). */
  readonly basis?: ApprovalBasis;
  readonly breakGlass?: string;
  /** What the request said about the safety point and the countdown when it was posted. */
  readonly safety?: SafetyPreview;
  /** Who may approve it, when it was asked (for the first post's mention and the App Home). */
  readonly approvers?: ApproverIds;
}

/** The policy basis and break-glass reason an approval was asked with. */
export function runContextOf(approval: Approval): { basis?: ApprovalBasis; breakGlass?: string } {
  const payload = (approval.payload ?? {}) as Partial<ApprovalPayload>;
  return {
    ...(payload.basis ? { basis: payload.basis } : {}),
    ...(typeof payload.breakGlass === 'string' && payload.breakGlass
      ? { breakGlass: payload.breakGlass }
      : {}),
  };
}

const kinds = new Set(['restore', 'restore-from', 'power', 'hostname', 'snapshot', 'appserver-reboot']);

/** The safety preview stored with the request, when it has one. */
export function safetyOf(approval: Approval): SafetyPreview | null {
  return (approval.payload as Partial<ApprovalPayload> | null)?.safety ?? null;
}

/** The request an approval was made for (written by the bot, read back defensively). */
export function requestOf(approval: Approval): ActionRequest {
  const request = (approval.payload as Partial<ApprovalPayload> | null)?.request;
  if (!request || typeof request !== 'object' || !kinds.has(request.kind)) {
    throw new AppError(
      'approval_payload_invalid',
      `Approval ${approval.id} holds no request this bot can read`,
    );
  }
  return request;
}

/** Who may approve `approval`, as stored when it was asked (absent on older requests). */
export function approversOf(approval: Approval): ApproverIds | null {
  const ids = (approval.payload as Partial<ApprovalPayload> | null)?.approvers;
  return ids && Array.isArray(ids.users) && Array.isArray(ids.userGroups) ? ids : null;
}

/** The channel message for an approval as it stands now; `refusal` says why it did not run. */
export function approvalMessage(a: Approval, refusal: Refusal | null = null): ApprovalMessage {
  const approvers = approversOf(a);
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
    note: a.decisionNote,
    ...(refusal ? { refusal } : {}),
    ...(safetyOf(a) ? { safety: safetyOf(a)! } : {}),
    ...(a.runAt !== null ? { runAt: a.runAt } : {}),
    ...(approvers ? { approvers } : {}),
  };
}

/**
 * Edits the approval's channel message to show `a`. `key` names the change: the outbox ignores a
 * second enqueue with the same key, so two paths noticing the same change (the sweeper and a late
 * click on an expired request) edit once, and `enqueued` tells which one should audit it.
 */
export async function publishApproval(
  store: StoreTx,
  a: Approval,
  key: string,
  refusal: Refusal | null = null,
): Promise<boolean> {
  const result = await store.enqueueMessage({
    kind: 'update',
    channel: a.channel,
    approvalId: a.id,
    anchor: 'follow',
    targetTs: a.messageTs,
    payload: approvalMessage(a, refusal),
    dedupeKey: `approval:${a.id}:${key}`,
  });
  return result.enqueued;
}

/** A private line to `user` about an approval, through the outbox (once per `key`). */
export async function noteAbout(
  store: StoreTx,
  a: Pick<Approval, 'id' | 'channel'>,
  user: string,
  note: PrivateNote['note'],
  key: string,
): Promise<void> {
  await store.enqueueMessage({
    kind: 'ephemeral',
    channel: a.channel,
    approvalId: a.id,
    payload: { type: 'private.note', user, note } satisfies PrivateNote,
    dedupeKey: `approval:${a.id}:note:${key}`,
  });
}

/**
 * Audit detail shared by every approval entry: `/vps audit` finds entries by `vpsName` and words
 * `request` (for app servers the name is "N app servers", with every name in `servers`).
 */
export function auditDetail(a: Approval, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const request = requestOf(a);
  return {
    vpsName: requestTarget(request).name,
    ...(request.kind === 'appserver-reboot' ? { servers: request.servers.map((s) => s.name) } : {}),
    approvalId: a.id,
    request,
    ...extra,
  };
}
