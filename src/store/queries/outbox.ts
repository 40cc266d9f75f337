import { randomUUID } from 'node:crypto';
import { type ExpressionBuilder, sql } from 'kysely';
import { defaultOrderKey } from '../mapping/record-mappers.js';
import { toJson } from '../mapping/row-values.js';
import type { NewOutboxMessage } from '../records.js';
import type { Database } from '../schema.js';
import type { EnqueueResult, StoreTx } from '../store.js';
import { changed, inTransaction, type QueryContext } from './context.js';

type OutboxQueries = Pick<
  StoreTx,
  | 'enqueueMessage'
  | 'getMessage'
  | 'claimDueMessages'
  | 'markMessageSent'
  | 'markMessageRetry'
  | 'markMessageFailed'
  | 'outboxDepth'
>;

/**
 * Inserts unless the dedupe key exists. Runs inside the caller's transaction (or its own), after
 * the engine's order-group lock: within a group `seq` order is then commit order, so a claimer
 * never hands out a later message while an earlier one of its group is still to be committed.
 */
export async function insertMessage(ctx: QueryContext, message: NewOutboxMessage): Promise<EnqueueResult> {
  return inTransaction(ctx, async ({ db, engine, now }) => {
    const id = message.id ?? randomUUID();
    const createdAt = message.createdAt ?? now();
    const orderKey = message.orderKey ?? defaultOrderKey(message);
    await engine.lockOrderGroup(db, orderKey);
    const inserted = await db
      .insertInto('outbox')
      .values({
        id,
        operation_id: message.operationId ?? null,
        approval_id: message.approvalId ?? null,
        review_id: message.reviewId ?? null,
        kind: message.kind,
        channel: message.channel,
        thread_ts: message.threadTs ?? null,
        target_ts: message.targetTs ?? null,
        anchor: message.anchor ?? null,
        payload: toJson(message.payload),
        dedupe_key: message.dedupeKey ?? null,
        order_key: orderKey,
        status: 'pending',
        next_attempt_at: message.nextAttemptAt ?? createdAt,
        created_at: createdAt,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { enqueued: true, id };
    const existing = await db
      .selectFrom('outbox')
      .select('id')
      .where('dedupe_key', '=', message.dedupeKey ?? null)
      .executeTakeFirstOrThrow();
    return { enqueued: false, id: existing.id };
  });
}

/** The ts a 'follow' message hangs on: its operation's root message, else its approval's message. */
function anchorTs(eb: ExpressionBuilder<Database, 'outbox'>) {
  return eb.fn.coalesce(
    eb.selectFrom('operations').select('root_ts').whereRef('operations.id', '=', 'outbox.operation_id'),
    eb.selectFrom('approvals').select('message_ts').whereRef('approvals.id', '=', 'outbox.approval_id'),
    eb.selectFrom('after_reviews').select('message_ts').whereRef('after_reviews.id', '=', 'outbox.review_id'),
  );
}

export function outboxQueries(ctx: QueryContext): OutboxQueries {
  const { db, map } = ctx;
  return {
    enqueueMessage: (message) => insertMessage(ctx, message),

    async getMessage(id) {
      const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? map.toMessage(row) : null;
    },

    /**
     * A message is handed out only when no earlier message (lower `seq`) of its order group is still
     * pending: leased, waiting for a retry, or not yet due all hold the group back, so each thread
     * receives its messages in enqueue order. Replicas claiming at once pass over each other's
     * candidates (the engine's skipLocked), and a row another replica has just leased is re-checked
     * on its new version and dropped. A 'follow' message gets its anchor ts in the same UPDATE.
     */
    async claimDueMessages(args) {
      const due = ctx.engine.skipLocked(
        db
          .selectFrom('outbox as m')
          .select('m.seq')
          .where('m.status', '=', 'pending')
          .where('m.next_attempt_at', '<=', args.now)
          .where((eb) => eb.or([eb('m.lease_owner', 'is', null), eb('m.lease_expires_at', '<=', args.now)]))
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('outbox as e')
                  .select(sql.lit(1).as('one'))
                  .whereRef('e.order_key', '=', 'm.order_key')
                  .where('e.status', '=', 'pending')
                  .whereRef('e.seq', '<', 'm.seq'),
              ),
            ),
          )
          .orderBy('m.created_at')
          .orderBy('m.seq')
          .limit(Math.max(0, args.limit)),
      );
      const rows = await db
        .updateTable('outbox')
        .set((eb) => ({
          lease_owner: args.owner,
          lease_expires_at: args.now + args.leaseMs,
          attempts: eb('attempts', '+', 1),
          thread_ts: eb
            .case()
            .when(
              eb.and([eb('anchor', '=', 'follow'), eb('kind', '<>', 'update'), eb('thread_ts', 'is', null)]),
            )
            .then(anchorTs(eb))
            .else(eb.ref('thread_ts'))
            .end(),
          target_ts: eb
            .case()
            .when(
              eb.and([eb('anchor', '=', 'follow'), eb('kind', '=', 'update'), eb('target_ts', 'is', null)]),
            )
            .then(anchorTs(eb))
            .else(eb.ref('target_ts'))
            .end(),
        }))
        .where('seq', 'in', due)
        .returningAll()
        .execute();
      rows.sort((a, b) => a.created_at - b.created_at || a.seq - b.seq);
      return rows.map(map.toMessage);
    },

    /** pending → sent; a 'root' message's ts becomes its operation's root_ts or its approval's message_ts. */
    markMessageSent: (id, owner, args) =>
      inTransaction(ctx, async ({ db }) => {
        const row = await db
          .updateTable('outbox')
          .set({
            status: 'sent',
            sent_at: args.now,
            result_ts: args.ts,
            lease_owner: null,
            lease_expires_at: null,
          })
          .where('id', '=', id)
          .where('lease_owner', '=', owner)
          .where('status', '=', 'pending')
          .returning(['operation_id', 'approval_id', 'review_id', 'anchor', 'channel'])
          .executeTakeFirst();
        if (!row) return false;
        if (row.anchor === 'root' && args.ts !== null) {
          if (row.operation_id) {
            await db
              .updateTable('operations')
              .set({ root_ts: args.ts })
              .where('id', '=', row.operation_id)
              .where('root_ts', 'is', null)
              .execute();
          } else if (row.review_id) {
            await db
              .updateTable('after_reviews')
              .set({ message_ts: args.ts })
              .where('id', '=', row.review_id)
              .where('message_ts', 'is', null)
              .execute();
          } else if (row.approval_id) {
            await db
              .updateTable('approvals')
              .set({ message_ts: args.ts, channel: row.channel })
              .where('id', '=', row.approval_id)
              .where('message_ts', 'is', null)
              .execute();
          }
        }
        return true;
      }),

    async markMessageRetry(id, owner, args) {
      const result = await db
        .updateTable('outbox')
        .set({
          next_attempt_at: args.nextAttemptAt,
          last_error: args.error,
          lease_owner: null,
          lease_expires_at: null,
        })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return changed(result) === 1;
    },

    async markMessageFailed(id, owner, args) {
      const result = await db
        .updateTable('outbox')
        .set({ status: 'failed', last_error: args.error, lease_owner: null, lease_expires_at: null })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return changed(result) === 1;
    },

    async outboxDepth() {
      const { n } = await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      return Number(n);
    },
  };
}
