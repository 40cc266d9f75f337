import { randomUUID } from 'node:crypto';
import { toJson } from '../mapping/row-values.js';
import type { StoreTx } from '../store.js';
import { changed, type QueryContext } from './context.js';

type ReviewQueries = Pick<StoreTx, 'createReview' | 'getReview' | 'listOpenReviews' | 'acknowledgeReview'>;

/** Break-glass uses and their after-review: written when the glass is broken, closed once by an approver. */
export function reviewQueries(ctx: QueryContext): ReviewQueries {
  const { db, map } = ctx;
  const get = async (id: string) => {
    const row = await db.selectFrom('after_reviews').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? map.toReview(row) : null;
  };
  return {
    async createReview(input) {
      const row = await db
        .insertInto('after_reviews')
        .values({
          id: input.id ?? randomUUID(),
          actor: input.actor,
          action: input.action,
          target: input.target,
          target_name: input.targetName,
          reason: input.reason,
          detail: toJson(input.detail),
          channel: input.channel,
          operation_id: input.operationId ?? null,
          approval_id: input.approvalId ?? null,
          created_at: input.createdAt ?? ctx.now(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return map.toReview(row);
    },

    getReview: get,

    async listOpenReviews() {
      const rows = await db
        .selectFrom('after_reviews')
        .selectAll()
        .where('reviewed_at', 'is', null)
        .orderBy('created_at')
        .execute();
      return rows.map(map.toReview);
    },

    /** Open → reviewed, once, and never by the person who broke the glass. */
    async acknowledgeReview(id, args) {
      const result = await db
        .updateTable('after_reviews')
        .set({ reviewed_by: args.by, reviewed_at: args.now, review_note: args.note ?? null })
        .where('id', '=', id)
        .where('reviewed_at', 'is', null)
        .where('actor', '<>', args.by)
        .executeTakeFirst();
      const review = await get(id);
      if (changed(result) === 1 && review) return { ok: true as const, review };
      if (!review) return { ok: false as const, reason: 'not_found' as const };
      if (review.reviewedAt !== null)
        return { ok: false as const, reason: 'already_reviewed' as const, review };
      return { ok: false as const, reason: 'own_use' as const, review };
    },
  };
}
