import { actionInfo } from '../domain/action-catalogue.js';
import type { ActionRequest } from '../domain/action-request.js';
import type { Refusal } from '../domain/refusals.js';
import type { Approval, ApprovalStatus, StoreTx } from '../store/store.js';
import type { ActingDeps } from './acting/acting-deps.js';
import type { PolicyService } from './acting/policy-service.js';
import { type StartOutcome, startAction } from './acting/start-action.js';
import { auditDetail, noteAbout, publishApproval, requestOf, runContextOf } from './approval-records.js';

/** What a person who clicked Approve, Reject or Cancel request is told. */
export type DecisionOutcome =
  | { readonly code: 'request_unknown' }
  | { readonly code: 'request_closed'; readonly status: ApprovalStatus }
  | { readonly code: 'refused'; readonly refusal: Refusal }
  | { readonly code: 'already_voted'; readonly votes: number; readonly required: number }
  | { readonly code: 'vote_recorded'; readonly votes: number; readonly required: number }
  /** The last vote: the request ran (or tried to); `run` says how it went. */
  | { readonly code: 'approved'; readonly request: ActionRequest; readonly run: StartOutcome }
  /** The last vote of a destructive request: it runs at `runAt`, unless someone cancels it first. */
  | { readonly code: 'countdown'; readonly request: ActionRequest; readonly runAt: number }
  | { readonly code: 'rejected' }
  | { readonly code: 'cancelled' }
  /** Reject or Cancel by the wrong person. */
  | { readonly code: 'not_requester' }
  | { readonly code: 'own_request' };

export interface ApprovalDecisionDeps extends ActingDeps {
  readonly policy: PolicyService;
}

/**
 * The decisions on an open request: approvers approve or reject it (never the requester, each
 * person once), the requester may cancel it, the sweeper expires it; the vote that reaches the
 * quorum runs it through the acting pipeline. Each decision is one commit with its message edit,
 * its private note and its audit entry.
 */
export class ApprovalDecisions {
  readonly #d: ApprovalDecisionDeps;

  constructor(deps: ApprovalDecisionDeps) {
    this.#d = deps;
  }

  async approve(args: { user: string; approvalId: string; correlationId: string }): Promise<DecisionOutcome> {
    const { store, clock } = this.#d;
    const approval = await store.getApproval(args.approvalId);
    if (!approval) return { code: 'request_unknown' };
    const request = requestOf(approval);
    if (approval.requester === args.user) {
      await this.#audit(store, approval, args.user, 'refused', args.correlationId, { why: 'self-approval' });
      return { code: 'refused', refusal: { code: 'self_approval' } };
    }
    const refusal = await this.#d.policy.mayApprove(args.user, request);
    if (refusal) {
      await this.#audit(store, approval, args.user, 'refused', args.correlationId, {
        why: 'not an approver',
      });
      return { code: 'refused', refusal };
    }
    const now = clock.now();
    const voted = await store.transaction(async (tx) => {
      const result = await tx.addApproval(approval.id, args.user, now);
      if (!result.ok) {
        if (result.reason === 'expired' && result.approval) await this.#expired(tx, result.approval);
        return result;
      }
      const votes = result.approval.approvals.length;
      // The last chance: a destructive request waits `grace_seconds` after its last vote. The run
      // time is in the row, so a restart during the countdown changes nothing: the sweeper runs it.
      const graceMs = result.complete ? this.#graceMs(request) : 0;
      const current =
        graceMs > 0 && (await tx.scheduleApprovalRun(approval.id, now + graceMs))
          ? ((await tx.getApproval(approval.id)) ?? result.approval)
          : result.approval;
      await publishApproval(tx, current, `vote:${votes}`);
      await this.#audit(tx, current, args.user, 'approved', args.correlationId, {
        votes,
        required: current.requiredApprovals,
        ...(graceMs > 0 ? { runAt: current.runAt } : {}),
      });
      if (result.complete) {
        await noteAbout(
          tx,
          result.approval,
          result.approval.requester,
          { code: 'request_approved', request, by: args.user },
          'approved',
        );
      }
      return { ...result, approval: current };
    });
    this.#d.poke();
    if (!voted.ok) {
      const current = voted.approval ?? approval;
      if (voted.reason === 'duplicate') {
        return {
          code: 'already_voted',
          votes: current.approvals.length,
          required: current.requiredApprovals,
        };
      }
      // A request whose last vote's process stopped before running it: the run's own guard still
      // lets only one caller through.
      if (voted.reason === 'not_pending' && current.status === 'approved' && (current.runAt ?? 0) <= now) {
        return { code: 'approved', request, run: await this.run(current, args.user, args.correlationId) };
      }
      if (voted.reason === 'not_pending' && current.status === 'approved' && current.runAt !== null)
        return { code: 'countdown', request, runAt: current.runAt };
      return { code: 'request_closed', status: current.status };
    }
    if (!voted.complete) {
      return {
        code: 'vote_recorded',
        votes: voted.approval.approvals.length,
        required: voted.approval.requiredApprovals,
      };
    }
    if ((voted.approval.runAt ?? now) > now)
      return { code: 'countdown', request, runAt: voted.approval.runAt ?? now };
    return { code: 'approved', request, run: await this.run(voted.approval, args.user, args.correlationId) };
  }

  /** The countdown after the last vote: only for what destroys something, as the policy says. */
  #graceMs(request: ActionRequest): number {
    if (!actionInfo(request).destructive) return 0;
    return this.#d.policy.safetyFor(request).graceSeconds * 1000;
  }

  /** Null when `user` may reject this request (checked before the reject form opens). */
  async rejectRefusal(user: string, approvalId: string): Promise<DecisionOutcome | null> {
    const approval = await this.#d.store.getApproval(approvalId);
    if (!approval) return { code: 'request_unknown' };
    if (approval.status !== 'pending') return { code: 'request_closed', status: approval.status };
    if (approval.requester === user) return { code: 'own_request' };
    const refusal = await this.#d.policy.mayApprove(user, requestOf(approval));
    return refusal ? { code: 'refused', refusal } : null;
  }

  async reject(args: {
    user: string;
    approvalId: string;
    note: string | null;
    correlationId: string;
  }): Promise<DecisionOutcome> {
    const refused = await this.rejectRefusal(args.user, args.approvalId);
    if (refused) return refused;
    const { store, clock } = this.#d;
    const outcome = await store.transaction(async (tx): Promise<DecisionOutcome> => {
      const done = await tx.rejectApproval(args.approvalId, {
        by: args.user,
        now: clock.now(),
        note: args.note,
      });
      if (!done.ok) {
        if (done.reason === 'expired' && done.approval) await this.#expired(tx, done.approval);
        return done.approval
          ? { code: 'request_closed', status: done.approval.status }
          : { code: 'request_unknown' };
      }
      await publishApproval(tx, done.approval, 'rejected');
      await noteAbout(
        tx,
        done.approval,
        done.approval.requester,
        { code: 'request_rejected', request: requestOf(done.approval), by: args.user, note: args.note },
        'rejected',
      );
      await this.#audit(tx, done.approval, args.user, 'rejected', args.correlationId, { note: args.note });
      return { code: 'rejected' };
    });
    this.#d.poke();
    return outcome;
  }

  /**
   * The requester may cancel an open or approved request; during a countdown an approver may stop
   * it too (the policy says who is one). The message then says who stopped it.
   */
  async cancel(args: { user: string; approvalId: string; correlationId: string }): Promise<DecisionOutcome> {
    const { store, clock } = this.#d;
    const found = await store.getApproval(args.approvalId);
    const asApprover =
      found !== null &&
      found.requester !== args.user &&
      found.status === 'approved' &&
      (await this.#d.policy.mayApprove(args.user, requestOf(found))) === null;
    const outcome = await store.transaction(async (tx): Promise<DecisionOutcome> => {
      const done = await tx.cancelApproval(args.approvalId, { by: args.user, now: clock.now(), asApprover });
      if (!done.ok) {
        if (done.reason === 'not_requester') return { code: 'not_requester' };
        return done.approval
          ? { code: 'request_closed', status: done.approval.status }
          : { code: 'request_unknown' };
      }
      await publishApproval(tx, done.approval, 'cancelled');
      await this.#audit(tx, done.approval, args.user, 'cancelled', args.correlationId, {
        ...(found?.status === 'approved' ? { duringCountdown: true } : {}),
      });
      return { code: 'cancelled' };
    });
    this.#d.poke();
    return outcome;
  }

  /** Expires every open request past its time, edits its message and tells its requester; returns how many. */
  async expireDue(): Promise<number> {
    const { store, clock } = this.#d;
    const expired = await store.transaction(async (tx) => {
      const list = await tx.expireApprovals(clock.now());
      for (const approval of list) await this.#expired(tx, approval);
      return list;
    });
    if (expired.length > 0) this.#d.poke();
    return expired.length;
  }

  /** Runs approved requests whose time has come (a countdown ended, or the voter's process stopped). */
  async runDue(): Promise<number> {
    const due = await this.#d.store.listDueApprovals(this.#d.clock.now());
    for (const approval of due) {
      await this.run(approval, approval.decidedBy ?? 'system', `run-${approval.id.slice(0, 8)}`).catch(
        (error: unknown) =>
          this.#d.logger.error({ err: error, approvalId: approval.id }, 'could not run an approved request'),
      );
    }
    return due.length;
  }

  /** The approved request through the acting pipeline; only one caller gets past its claim. */
  run(approval: Approval, executor: string, correlationId: string): Promise<StartOutcome> {
    return startAction(this.#d, {
      request: requestOf(approval),
      requester: approval.requester,
      executor,
      channel: approval.channel,
      correlationId,
      origin: { kind: 'approval', approval },
      ...runContextOf(approval),
    });
  }

  async #expired(tx: StoreTx, approval: Approval): Promise<void> {
    // The dedupe key makes the sweeper and a late click edit, note and audit an expiry once.
    if (await publishApproval(tx, approval, 'expired')) {
      await noteAbout(
        tx,
        approval,
        approval.requester,
        { code: 'request_expired', request: requestOf(approval) },
        'expired',
      );
      await this.#audit(tx, approval, 'system', 'expired', null, {});
    }
  }

  #audit(
    store: StoreTx,
    approval: Approval,
    actor: string,
    outcome: string,
    correlationId: string | null,
    extra: Record<string, unknown>,
  ): Promise<unknown> {
    return store.appendAudit({
      actor,
      action: approval.actionKind,
      target: approval.target,
      outcome,
      detail: auditDetail(approval, extra),
      correlationId,
    });
  }
}
