import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { defaultCoalesceKey, defaultOrderKey, priorityRank } from '../mapping/record-mappers.js';
import { toJson } from '../mapping/row-values.js';
import type { NewOutboxMessage } from '../records.js';
import type { Database } from '../schema.js';
import type { EnqueueResult, StoreTx } from '../store.js';
import { changed, inTransaction, type QueryContext } from './context.js';

type OutboxQueries = Pick<
  StoreTx,
  | 'enqueueMessage'
  | 'getMessage'
  | 'markMessageSent'
  | 'markMessageRetry'
  | 'markMessageFailed'
  | 'outboxDepth'
>;

/**
 * Inserts unless the dedupe key exists (then nothing else happens either). Runs inside the caller's
 * transaction (or its own), after the engine's order-group lock: within a group `seq` order is
 * then commit order, so a claimer never hands out a later message while an earlier one of its
 * group is still to be committed. A new message makes the unsent ones it supersedes moot, and an
 * edit of a root that was never handed out is folded into the root itself (see `foldIntoRoot`).
 */
export async function insertMessage(ctx: QueryContext, message: NewOutboxMessage): Promise<EnqueueResult> {
  return inTransaction(ctx, async ({ db, engine, now }) => {
    const id = message.id ?? randomUUID();
    const createdAt = message.createdAt ?? now();
    const orderKey = message.orderKey ?? defaultOrderKey(message);
    const coalesceKey = message.coalesceKey === undefined ? defaultCoalesceKey(message) : message.coalesceKey;
    const supersedes = message.supersedes === undefined ? coalesceKey : message.supersedes;
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
        priority: priorityRank(message),
        coalesce_key: coalesceKey,
        superseded_by: null,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const existing = await db
        .selectFrom('outbox')
        .select('id')
        .where('dedupe_key', '=', message.dedupeKey ?? null)
        .executeTakeFirstOrThrow();
      return { enqueued: false, id: existing.id };
    }
    if (supersedes !== null) {
      // Not handed out: a message in flight goes, and the new one waits for it (claim order).
      await db
        .updateTable('outbox')
        .set({ status: 'superseded', superseded_by: id })
        .where('coalesce_key', '=', supersedes)
        .where('status', '=', 'pending')
        .where('lease_owner', 'is', null)
        .where('id', '<>', id)
        .execute();
    }
    if (message.kind === 'update' && message.anchor === 'follow') await foldIntoRoot(db, message, id);
    return { enqueued: true, id };
  });
}

/**
 * An edit of an anchor message (an operation's or approval's root) that Slack has not received
 * yet: the root is posted with the edit's content instead, and the edit is never sent. Only a root
 * never handed out: a root whose earlier attempt may have reached Slack is found by its outbox id
 * on redelivery, and the edit must then still go.
 */
async function foldIntoRoot(db: Kysely<Database>, message: NewOutboxMessage, id: string): Promise<void> {
  if (!message.operationId && !message.approvalId) return;
  const root = await db
    .updateTable('outbox')
    .set({ payload: toJson(message.payload) })
    .where('anchor', '=', 'root')
    .where('status', '=', 'pending')
    .where('lease_owner', 'is', null)
    .where('attempts', '=', 0)
    .where((eb) =>
      message.operationId
        ? eb('operation_id', '=', message.operationId)
        : eb.and([eb('approval_id', '=', message.approvalId ?? ''), eb('operation_id', 'is', null)]),
    )
    .returning('id')
    .executeTakeFirst();
  if (root) {
    await db
      .updateTable('outbox')
      .set({ status: 'superseded', superseded_by: root.id })
      .where('id', '=', id)
      .execute();
  }
}

export function outboxQueries(ctx: QueryContext): OutboxQueries {
  const { db, map } = ctx;
  return {
    enqueueMessage: (message) => insertMessage(ctx, message),

    async getMessage(id) {
      const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? map.toMessage(row) : null;
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
            // Approved before its message's ts was recorded: its operation's thread hangs on it too.
            await db
              .updateTable('operations')
              .set({ root_ts: args.ts })
              .where('root_ts', 'is', null)
              .where('id', '=', (eb) =>
                eb.selectFrom('approvals').select('operation_id').where('id', '=', row.approval_id),
              )
              .execute();
          }
        }
        return true;
      }),

    async markMessageRetry(id, owner, args) {
      const result = await db
        .updateTable('outbox')
        .set((eb) => ({
          next_attempt_at: args.nextAttemptAt,
          last_error: args.error,
          lease_owner: null,
          lease_expires_at: null,
          maybe_delivered: args.maybeDelivered ? 1 : eb.ref('maybe_delivered'),
        }))
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
