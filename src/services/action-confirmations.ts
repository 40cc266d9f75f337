import { actionInfo } from '../domain/action-catalogue.js';
import type { ActionRequest } from '../domain/action-request.js';
import { requestTarget, serverKey, serversOf } from '../domain/action-request.js';
import { approvalBasis, type BreakGlassUse } from '../domain/policy/index.js';
import type { Refusal } from '../domain/refusals.js';
import { errorInfo } from '../errors.js';
import type { Approval, Confirmation } from '../store/store.js';
import type { ActingDeps } from './acting/acting-deps.js';
import { busyRefusal } from './acting/busy.js';
import { executorFor } from './acting/executors.js';
import { type StartOutcome, startAction } from './acting/start-action.js';
import { openApprovalRequest, withApproverIds } from './approval-requests.js';
import { breakGlassOfConfirmation, requestOfConfirmation } from './confirmation-payload.js';

export interface ActionConfirmationDeps extends ActingDeps {
  /** How long a Confirm button stays usable. */
  readonly confirmationTtlMs: number;
  /** How long an approval request stays open when the policy names no time. */
  readonly approvalTtlMs: number;
}

/** Who will be asked, shown before Confirm ("needs 2 of oncall"). */
export interface ApprovalPreview {
  readonly required: number;
  readonly approvers: readonly string[];
}

export type PrepareOutcome =
  | { readonly code: 'refused'; readonly refusal: Refusal }
  | {
      readonly code: 'confirm';
      readonly confirmation: Confirmation;
      readonly request: ActionRequest;
      /** Set when confirming only asks for approval. */
      readonly approval: ApprovalPreview | null;
      /** Set when `--break-glass` lets it through: what it skips (it is announced and reviewed). */
      readonly breakGlass: BreakGlassUse | null;
      readonly ttlMinutes: number;
    };

export type ConfirmOutcome =
  | Exclude<StartOutcome, { code: 'needs_approval' }>
  | { readonly code: 'approval_requested'; readonly approval: Approval; readonly request: ActionRequest };

export type CancelOutcome =
  | { readonly code: 'cancelled'; readonly request: ActionRequest }
  | {
      readonly code: 'confirmation_closed';
      readonly why: 'not_found' | 'already_decided' | 'expired' | 'not_requester';
    };

/**
 * Acting in two steps so nothing runs by accident: `prepare` asks the policy and the live gates
 * and stores a confirmation of exactly what will run; `confirm` runs it through the acting
 * pipeline (or, when the policy wants approval, posts the request in the same commit that closes
 * the confirmation). Whatever the buttons carry, the action comes from the stored confirmation.
 */
export class ActionConfirmations {
  readonly #d: ActionConfirmationDeps;

  constructor(deps: ActionConfirmationDeps) {
    this.#d = deps;
  }

  get ttlMinutes(): number {
    return Math.round(this.#d.confirmationTtlMs / 60_000);
  }

  async prepare(args: {
    user: string;
    channel: string;
    request: ActionRequest;
    correlationId: string;
    breakGlass?: string;
    /** Where the offer can be replaced once it expires (Slack's response_url), when it can. */
    replyUrl?: string | null;
  }): Promise<PrepareOutcome> {
    const { store, clock, policy } = this.#d;
    const { request } = args;
    const decision = await policy.decideAct({
      user: args.user,
      request,
      channel: args.channel,
      ...(args.breakGlass ? { breakGlass: { reason: args.breakGlass } } : {}),
    });
    if (decision.verdict === 'deny') return { code: 'refused', refusal: decision.refusal };
    // App servers were just resolved from Huawei's own list; Confirm reads it again before acting.
    const live = request.kind === 'appserver-reboot' ? null : await this.#liveRefusal(request);
    const refusal = live ?? (await this.#busy(request, decision.verdict === 'approval'));
    if (refusal) return { code: 'refused', refusal };
    const target = requestTarget(request);
    const confirmation = await store.transaction(async (tx) => {
      const created = await tx.createConfirmation({
        requester: args.user,
        kind: 'action',
        target: target.id,
        payload: { request, ...(args.breakGlass ? { breakGlass: args.breakGlass } : {}) },
        channel: args.channel,
        expiresAt: clock.now() + this.#d.confirmationTtlMs,
        replyUrl: args.replyUrl ?? null,
      });
      await tx.appendAudit({
        actor: args.user,
        action: actionInfo(request).auditName,
        target: target.id,
        outcome: 'requested',
        detail: { vpsName: target.name, confirmationId: created.id, request },
        correlationId: args.correlationId,
      });
      return created;
    });
    const approval =
      decision.verdict === 'approval'
        ? { required: decision.required, approvers: decision.decision.approval?.written ?? [] }
        : null;
    const breakGlass = decision.decision.breakGlass ?? null;
    return { code: 'confirm', confirmation, request, approval, breakGlass, ttlMinutes: this.ttlMinutes };
  }

  async confirm(args: {
    user: string;
    confirmationId: string;
    correlationId: string;
  }): Promise<ConfirmOutcome> {
    const { store, policy } = this.#d;
    const confirmation = await store.getConfirmation(args.confirmationId);
    const request = confirmation ? requestOfConfirmation(confirmation) : null;
    if (!confirmation || !request) return { code: 'confirmation_closed', why: 'not_found' };
    const breakGlass = breakGlassOfConfirmation(confirmation);
    const base = {
      request,
      requester: args.user,
      executor: args.user,
      channel: confirmation.channel,
      correlationId: args.correlationId,
      ...(breakGlass ? { breakGlass } : {}),
    };
    const decision = await policy.decideAct({
      user: args.user,
      request,
      channel: confirmation.channel,
      ...(breakGlass ? { breakGlass: { reason: breakGlass } } : {}),
    });
    if (decision.verdict === 'approval') {
      const opened = await openApprovalRequest(
        { ...this.#d, defaultTtlMs: this.#d.approvalTtlMs },
        {
          ...base,
          reason: '',
          required: decision.required,
          approvers: decision.decision.approval?.written ?? [],
          ...withApproverIds(decision.decision.approval?.approvers),
          ttlMinutes: decision.decision.approval?.ttlMinutes ?? null,
          confirmationId: confirmation.id,
          basis: approvalBasis(decision.decision),
        },
      );
      return opened.code === 'requested'
        ? { code: 'approval_requested', approval: opened.approval, request }
        : opened;
    }
    const started = await startAction(this.#d, {
      ...base,
      origin: { kind: 'confirmation', confirmationId: confirmation.id },
    });
    // The policy changed between the two reads: say it needs approval now, and ask again.
    if (started.code === 'needs_approval') return this.confirm(args);
    return started;
  }

  async cancel(args: {
    user: string;
    confirmationId: string;
    correlationId: string;
  }): Promise<CancelOutcome> {
    const { store, clock } = this.#d;
    return store.transaction(async (tx): Promise<CancelOutcome> => {
      const decided = await tx.decideConfirmation(args.confirmationId, {
        by: args.user,
        decision: 'cancelled',
        now: clock.now(),
      });
      if (!decided.ok) return { code: 'confirmation_closed', why: decided.reason };
      const request = requestOfConfirmation(decided.confirmation);
      if (!request) return { code: 'confirmation_closed', why: 'not_found' };
      const target = requestTarget(request);
      await tx.appendAudit({
        actor: args.user,
        action: actionInfo(request).auditName,
        target: target.id,
        outcome: 'cancelled',
        detail: { vpsName: target.name },
        correlationId: args.correlationId,
      });
      return { code: 'cancelled', request };
    });
  }

  /** HostUp's gates as they stand now (checked again at Confirm). */
  async #liveRefusal(request: ActionRequest): Promise<Refusal | null> {
    try {
      return await executorFor(request).recheck(this.#d.providers, request);
    } catch (error) {
      return { code: 'check_failed', error: errorInfo(error) };
    }
  }

  /** Said before Confirm, so nobody confirms into a busy server; the pipeline's lock still decides. */
  async #busy(request: ActionRequest, asksApproval: boolean): Promise<Refusal | null> {
    const { store } = this.#d;
    const slot = asksApproval ? (actionInfo(request).destructive ? 'request' : null) : 'acting';
    if (!slot) return null;
    for (const server of serversOf(request)) {
      const held = await store.getServerLock(serverKey(server), slot);
      if (held) return busyRefusal(store, requestTarget(request).name, held);
    }
    return null;
  }
}
