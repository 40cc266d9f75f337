import type { ActionRequest } from '../domain/action-request.js';
import { actionNameOf, requestTarget } from '../domain/action-request.js';
import type { BreakGlassUse } from '../domain/policy/index.js';
import type { Refusal } from '../domain/refusals.js';
import type { ReviewMessage } from '../domain/review-notifications.js';
import type { AfterReview, Store, StoreTx } from '../store/store.js';
import type { PolicyService } from './acting/policy-service.js';

/** The review's channel message as it stands now. */
export function reviewMessage(review: AfterReview, approvers: readonly string[]): ReviewMessage {
  const detail = (review.detail ?? {}) as { request?: ActionRequest; skipped?: BreakGlassUse['skipped'] };
  return {
    type: 'review.message',
    reviewId: review.id,
    actor: review.actor,
    ...(detail.request ? { request: detail.request } : {}),
    targetName: review.targetName,
    reason: review.reason,
    skipped: detail.skipped ?? [],
    approvers,
    createdAt: review.createdAt,
    reviewedBy: review.reviewedBy,
    reviewedAt: review.reviewedAt,
  };
}

/**
 * A break-glass use, made loud in the same commit that lets it through: the review row, a visible
 * message in the channel that mentions the approvers, and the audit entry. It stays open (and in
 * `/vps requests`) until an approver acknowledges it.
 */
export async function openReview(
  tx: StoreTx,
  args: {
    request: ActionRequest;
    actor: string;
    channel: string;
    use: BreakGlassUse;
    approvers: readonly string[];
    operationId?: string;
    approvalId?: string;
    correlationId: string;
    now: number;
  },
): Promise<AfterReview> {
  const target = requestTarget(args.request);
  const review = await tx.createReview({
    actor: args.actor,
    action: actionNameOf(args.request),
    target: target.id,
    targetName: target.name,
    reason: args.use.reason,
    detail: { request: args.request, skipped: args.use.skipped },
    channel: args.channel,
    operationId: args.operationId ?? null,
    approvalId: args.approvalId ?? null,
    createdAt: args.now,
  });
  await tx.enqueueMessage({
    kind: 'post',
    channel: args.channel,
    reviewId: review.id,
    anchor: 'root',
    payload: reviewMessage(review, args.approvers),
    dedupeKey: `review:${review.id}:root`,
  });
  await tx.appendAudit({
    actor: args.actor,
    action: actionNameOf(args.request),
    target: target.id,
    outcome: 'break-glass',
    detail: {
      vpsName: target.name,
      reviewId: review.id,
      reason: args.use.reason,
      skipped: args.use.skipped,
      request: args.request,
    },
    correlationId: args.correlationId,
  });
  return review;
}

export type ReviewOutcome =
  | { readonly code: 'reviewed'; readonly review: AfterReview }
  | { readonly code: 'review_unknown' }
  | { readonly code: 'already_reviewed'; readonly review: AfterReview }
  | { readonly code: 'own_use' }
  | { readonly code: 'refused'; readonly refusal: Refusal };

/** Acknowledging a break-glass use: an approver of the server's rule, never the person who used it. */
export class AfterReviews {
  constructor(
    private readonly deps: { store: Store; policy: PolicyService; now: () => number; poke: () => void },
  ) {}

  async acknowledge(args: { user: string; reviewId: string; correlationId: string }): Promise<ReviewOutcome> {
    const { store, policy } = this.deps;
    const review = await store.getReview(args.reviewId);
    const request = (review?.detail as { request?: ActionRequest } | null)?.request;
    if (!review || !request) return { code: 'review_unknown' };
    if (review.actor === args.user) return { code: 'own_use' };
    const refusal = await policy.mayApprove(args.user, request);
    if (refusal) return { code: 'refused', refusal };
    const outcome = await store.transaction(async (tx): Promise<ReviewOutcome> => {
      const done = await tx.acknowledgeReview(review.id, { by: args.user, now: this.deps.now() });
      if (!done.ok) {
        if (done.reason === 'already_reviewed' && done.review)
          return { code: 'already_reviewed', review: done.review };
        return done.reason === 'own_use' ? { code: 'own_use' } : { code: 'review_unknown' };
      }
      await tx.enqueueMessage({
        kind: 'update',
        channel: done.review.channel,
        reviewId: done.review.id,
        anchor: 'follow',
        targetTs: done.review.messageTs,
        payload: reviewMessage(done.review, policy.approversOf(request)),
        dedupeKey: `review:${done.review.id}:reviewed`,
      });
      await tx.appendAudit({
        actor: args.user,
        action: done.review.action,
        target: done.review.target,
        outcome: 'reviewed',
        detail: { vpsName: done.review.targetName, reviewId: done.review.id },
        correlationId: args.correlationId,
      });
      return { code: 'reviewed', review: done.review };
    });
    this.deps.poke();
    return outcome;
  }
}
