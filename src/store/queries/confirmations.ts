import { randomUUID } from 'node:crypto';
import { toJson } from '../mapping/row-values.js';
import type { DecideConfirmationResult, StoreTx } from '../store.js';
import { changed, inTransaction, type QueryContext } from './context.js';

type ConfirmationQueries = Pick<
  StoreTx,
  | 'createConfirmation'
  | 'getConfirmation'
  | 'decideConfirmation'
  | 'expireConfirmations'
  | 'claimInteraction'
  | 'pruneInteractions'
>;

export function confirmationQueries(ctx: QueryContext): ConfirmationQueries {
  const { db, map } = ctx;
  const get = async (id: string) => {
    const row = await db.selectFrom('confirmations').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? map.toConfirmation(row) : null;
  };
  return {
    async createConfirmation(input) {
      const row = await db
        .insertInto('confirmations')
        .values({
          id: input.id ?? randomUUID(),
          requester: input.requester,
          kind: input.kind,
          target: input.target,
          payload: toJson(input.payload),
          channel: input.channel,
          status: 'pending',
          created_at: input.createdAt ?? ctx.now(),
          expires_at: input.expiresAt,
          reply_url: input.replyUrl ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return map.toConfirmation(row);
    },

    getConfirmation: get,

    /**
     * The winning transition is one conditional UPDATE (status, requester and expiry in its WHERE);
     * the reads after it only explain a refusal.
     */
    decideConfirmation: (id, args) =>
      inTransaction(ctx, async ({ db }): Promise<DecideConfirmationResult> => {
        const won = await db
          .updateTable('confirmations')
          .set({ status: args.decision, decided_by: args.by, decided_at: args.now })
          .where('id', '=', id)
          .where('status', '=', 'pending')
          .where('requester', '=', args.by)
          .where('expires_at', '>', args.now)
          .returningAll()
          .executeTakeFirst();
        if (won) return { ok: true, confirmation: map.toConfirmation(won) };

        const row = await db.selectFrom('confirmations').selectAll().where('id', '=', id).executeTakeFirst();
        if (!row) return { ok: false, reason: 'not_found' };
        const current = map.toConfirmation(row);
        if (current.status === 'expired') return { ok: false, reason: 'expired', confirmation: current };
        if (current.status !== 'pending')
          return { ok: false, reason: 'already_decided', confirmation: current };
        if (current.expiresAt <= args.now) {
          const expired = await db
            .updateTable('confirmations')
            .set({ status: 'expired' })
            .where('id', '=', id)
            .where('status', '=', 'pending')
            .returningAll()
            .executeTakeFirst();
          return {
            ok: false,
            reason: 'expired',
            confirmation: expired ? map.toConfirmation(expired) : current,
          };
        }
        return { ok: false, reason: 'not_requester', confirmation: current };
      }),

    /**
     * One conditional UPDATE: pending ones past their expiry, and ones a late click already marked
     * expired, that nobody has noted yet. Two sweepers at once each get a row once (the second
     * finds `expiry_noted_at` set when it re-reads the row).
     */
    async expireConfirmations(now) {
      const rows = await db
        .updateTable('confirmations')
        .set({ status: 'expired', expiry_noted_at: now })
        .where('expiry_noted_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('expires_at', '<=', now)]),
            eb('status', '=', 'expired'),
          ]),
        )
        .returningAll()
        .execute();
      return rows.map(map.toConfirmation);
    },

    async claimInteraction(key, now) {
      const inserted = await db
        .insertInto('processed_interactions')
        .values({ key, claimed_at: now })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
    },

    async pruneInteractions(before) {
      return changed(
        await db.deleteFrom('processed_interactions').where('claimed_at', '<', before).executeTakeFirst(),
      );
    },
  };
}
