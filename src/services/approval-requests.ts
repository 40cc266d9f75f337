import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { actionInfo } from '../domain/action-catalogue.js';
import type { ActionRequest } from '../domain/action-request.js';
import { actionNameOf, requestTarget, serverKey, serversOf } from '../domain/action-request.js';
import type { ApproverIds } from '../domain/approval-notifications.js';
import type { ApprovalBasis } from '../domain/policy/index.js';
import type { Refusal } from '../domain/refusals.js';
import type { SafetyPreview } from '../domain/safety-preview.js';
import type { Approval, ServerLock, Store } from '../store/store.js';
import { busyRefusal } from './acting/busy.js';
import { approvalMessage, auditDetail, noteAbout } from './approval-records.js';

export interface ApprovalRequestDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long a request stays open when its rule names no time (APPROVAL_TTL_MINUTES). */
  readonly defaultTtlMs: number;
  readonly poke: () => void;
}

export type OpenRequestOutcome =
  | { readonly code: 'requested'; readonly approval: Approval }
  | { readonly code: 'refused'; readonly refusal: Refusal }
  | {
      readonly code: 'confirmation_closed';
      readonly why: 'not_found' | 'already_decided' | 'expired' | 'not_requester';
    };

class RequestHeld extends Error {
  constructor(readonly held: ServerLock) {
    super('request held');
  }
}

/**
 * Posts a request for approval, in one commit: (the Confirm that asked for it, when there was one)
 * + the request + the lock that keeps a second destructive request off the same server + its
 * message in the channel + the requester's private note + the audit entry. A crash before the
 * commit leaves nothing; after it, the outbox posts the message.
 */
export async function openApprovalRequest(
  deps: ApprovalRequestDeps,
  args: {
    readonly request: ActionRequest;
    readonly requester: string;
    readonly channel: string;
    readonly reason: string;
    readonly correlationId: string;
    /** How many distinct approvers, and who they are as the policy writes them. */
    readonly required: number;
    readonly approvers: readonly string[];
    /** The approvers as ids, mentioned in the request's first post (and kept with it). */
    readonly approverIds?: ApproverIds;
    readonly ttlMinutes: number | null;
    /** The Confirm (or the restore form's draft) this request comes from: decided in the same commit. */
    readonly confirmationId?: string;
    /** What the policy approved it under; checked again before it runs (it lapses if that changed). */
    readonly basis?: ApprovalBasis | null;
    /** `--break-glass` given with the request: carried to its run, announced and reviewed then. */
    readonly breakGlass?: string;
    /** What the request says, before anyone approves, about the safety point and the countdown. */
    readonly safety?: SafetyPreview;
  },
): Promise<OpenRequestOutcome> {
  const { store, clock } = deps;
  const now = clock.now();
  const ttlMs = args.ttlMinutes !== null ? args.ttlMinutes * 60_000 : deps.defaultTtlMs;
  const target = requestTarget(args.request);
  try {
    const outcome = await store.transaction(async (tx): Promise<OpenRequestOutcome> => {
      if (args.confirmationId) {
        const decided = await tx.decideConfirmation(args.confirmationId, {
          by: args.requester,
          decision: 'confirmed',
          now,
        });
        if (!decided.ok) return { code: 'confirmation_closed', why: decided.reason };
      }
      const approval = await tx.createApproval({
        requester: args.requester,
        actionKind: actionNameOf(args.request),
        target: target.id,
        payload: {
          request: args.request,
          ...(args.basis ? { basis: args.basis } : {}),
          ...(args.breakGlass ? { breakGlass: args.breakGlass } : {}),
          ...(args.safety ? { safety: args.safety } : {}),
          ...(args.approverIds ? { approvers: args.approverIds } : {}),
        },
        reason: args.reason.trim().slice(0, 500),
        channel: args.channel,
        requiredApprovals: args.required,
        expiresAt: now + ttlMs,
        createdAt: now,
      });
      if (actionInfo(args.request).destructive) {
        const locked = await tx.acquireServerLocks({
          keys: serversOf(args.request).map(serverKey),
          slot: 'request',
          holder: `approval:${approval.id}`,
          action: actionNameOf(args.request),
          actor: args.requester,
          now,
        });
        if (!locked.ok) throw new RequestHeld(locked.held);
      }
      await tx.enqueueMessage({
        kind: 'post',
        channel: args.channel,
        approvalId: approval.id,
        anchor: 'root',
        payload: { ...approvalMessage(approval), mention: true },
        dedupeKey: `approval:${approval.id}:root`,
      });
      await noteAbout(
        tx,
        approval,
        args.requester,
        {
          code: 'request_posted',
          request: args.request,
          required: args.required,
          approvers: args.approvers,
          ttlMinutes: Math.round(ttlMs / 60_000),
        },
        'posted',
      );
      await tx.appendAudit({
        actor: args.requester,
        action: actionInfo(args.request).auditName,
        target: target.id,
        outcome: 'requested',
        detail: auditDetail(approval, { reason: approval.reason, required: args.required }),
        correlationId: args.correlationId,
      });
      return { code: 'requested', approval };
    });
    deps.poke();
    return outcome;
  } catch (error) {
    if (!(error instanceof RequestHeld)) throw error;
    return { code: 'refused', refusal: await busyRefusal(store, target.name, error.held) };
  }
}

/** The policy's approvers (resolved ids) as the `approverIds` argument: plain lists a request keeps. */
export function withApproverIds(
  subjects: { readonly users: ReadonlySet<string>; readonly userGroups: ReadonlySet<string> } | undefined,
): { approverIds?: ApproverIds } {
  return subjects
    ? { approverIds: { users: [...subjects.users], userGroups: [...subjects.userGroups] } }
    : {};
}
