import { randomUUID } from 'node:crypto';
import { defaultOrderKey } from '../mapping/record-mappers.js';
import { num, str, toJson } from '../mapping/row-values.js';
import type { NewOutboxMessage, OutboxMessage } from '../records.js';
import type { ClaimArgs, EnqueueResult } from '../store.js';
import { type Conn, type Db, execute, query, queryOne, withTx } from './connection.js';
import { toMessage } from './rows.js';

/** First key of the two-part advisory locks that serialise enqueues into one order group. */
export const orderGroupLockSpace = 74_700;

/**
 * Inserts unless the dedupe key exists. Must run inside a transaction: it takes a
 * transaction-scoped advisory lock on the order group before the INSERT draws its `seq`, so within
 * a group `seq` order is commit order. Without it, two replicas enqueueing into one group could
 * commit out of `seq` order, and a claimer that saw only the later one would hand it out while
 * the earlier (lower `seq`) one was still to come.
 */
export async function insertMessage(
  tx: Conn,
  message: NewOutboxMessage,
  now: number,
): Promise<EnqueueResult> {
  const id = message.id ?? randomUUID();
  const createdAt = message.createdAt ?? now;
  const orderKey = message.orderKey ?? defaultOrderKey(message);
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [orderGroupLockSpace, orderKey]);
  const inserted = await queryOne(
    tx,
    `INSERT INTO outbox (id, operation_id, approval_id, kind, channel, thread_ts, target_ts, anchor, payload,
       dedupe_key, order_key, status, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, 'pending', $12, $13)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [
      id,
      message.operationId ?? null,
      message.approvalId ?? null,
      message.kind,
      message.channel,
      message.threadTs ?? null,
      message.targetTs ?? null,
      message.anchor ?? null,
      toJson(message.payload),
      message.dedupeKey ?? null,
      orderKey,
      message.nextAttemptAt ?? createdAt,
      createdAt,
    ],
  );
  if (inserted) return { enqueued: true, id };
  const existing = await queryOne(tx, 'SELECT id FROM outbox WHERE dedupe_key = $1', [message.dedupeKey]);
  return { enqueued: false, id: str(existing?.id) };
}

export async function enqueueMessage(db: Db, message: NewOutboxMessage, now: number): Promise<EnqueueResult> {
  return withTx(db, (tx) => insertMessage(tx, message, now));
}

export async function getMessage(db: Db, id: string): Promise<OutboxMessage | null> {
  const row = await queryOne(db, 'SELECT * FROM outbox WHERE id = $1', [id]);
  return row ? toMessage(row) : null;
}

/** The ts a 'follow' message hangs on: its operation's root message, else its approval's message. */
const anchorTs = `COALESCE(
  (SELECT root_ts FROM operations WHERE id = o.operation_id),
  (SELECT message_ts FROM approvals WHERE id = o.approval_id))`;

/**
 * A message is handed out only when no earlier message (lower `seq`) of its order group is still
 * pending: leased, waiting for a retry, or not yet due all hold the group back, so each thread
 * receives its messages in enqueue order. Candidates are locked FOR UPDATE SKIP LOCKED: replicas
 * claiming at once pass over each other's rows, and a row another replica has just leased is
 * re-checked on its new version and dropped. Whether an earlier message is pending is safe to
 * read from the statement's snapshot: a message never goes back to pending, and seq order within
 * a group is commit order (see insertMessage). A 'follow' message gets its anchor ts filled in
 * the same UPDATE.
 */
export async function claimDueMessages(db: Db, args: ClaimArgs): Promise<OutboxMessage[]> {
  const rows = await query(
    db,
    `WITH due AS (
       SELECT m.seq FROM outbox m
       WHERE m.status = 'pending' AND m.next_attempt_at <= $3
         AND (m.lease_owner IS NULL OR m.lease_expires_at <= $3)
         AND NOT EXISTS (
           SELECT 1 FROM outbox e WHERE e.order_key = m.order_key AND e.status = 'pending' AND e.seq < m.seq)
       ORDER BY m.created_at, m.seq
       LIMIT $4
       FOR UPDATE OF m SKIP LOCKED)
     UPDATE outbox o SET lease_owner = $1, lease_expires_at = $2, attempts = o.attempts + 1,
       thread_ts = CASE WHEN o.anchor = 'follow' AND o.kind <> 'update' AND o.thread_ts IS NULL
         THEN ${anchorTs} ELSE o.thread_ts END,
       target_ts = CASE WHEN o.anchor = 'follow' AND o.kind = 'update' AND o.target_ts IS NULL
         THEN ${anchorTs} ELSE o.target_ts END
     FROM due WHERE o.seq = due.seq
     RETURNING o.*`,
    [args.owner, args.now + args.leaseMs, args.now, Math.max(0, args.limit)],
  );
  rows.sort((a, b) => num(a.created_at) - num(b.created_at) || num(a.seq) - num(b.seq));
  return rows.map(toMessage);
}

/** pending → sent; a 'root' message's ts becomes its operation's root_ts or its approval's message_ts. */
export async function markMessageSent(
  db: Db,
  id: string,
  owner: string,
  ts: string | null,
  now: number,
): Promise<boolean> {
  return withTx(db, async (tx) => {
    const row = await queryOne(
      tx,
      `UPDATE outbox SET status = 'sent', sent_at = $1, result_ts = $2, lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $3 AND lease_owner = $4 AND status = 'pending'
       RETURNING operation_id, approval_id, anchor, channel`,
      [now, ts, id, owner],
    );
    if (!row) return false;
    if (row.anchor === 'root' && ts !== null) {
      if (row.operation_id) {
        await execute(tx, 'UPDATE operations SET root_ts = $1 WHERE id = $2 AND root_ts IS NULL', [
          ts,
          row.operation_id,
        ]);
      } else if (row.approval_id) {
        await execute(
          tx,
          'UPDATE approvals SET message_ts = $1, channel = $2 WHERE id = $3 AND message_ts IS NULL',
          [ts, row.channel, row.approval_id],
        );
      }
    }
    return true;
  });
}

export async function markMessageRetry(
  db: Db,
  id: string,
  owner: string,
  nextAttemptAt: number,
  error: string,
): Promise<boolean> {
  const changed = await execute(
    db,
    `UPDATE outbox SET next_attempt_at = $1, last_error = $2, lease_owner = NULL, lease_expires_at = NULL
     WHERE id = $3 AND lease_owner = $4 AND status = 'pending'`,
    [nextAttemptAt, error, id, owner],
  );
  return changed === 1;
}

export async function markMessageFailed(db: Db, id: string, owner: string, error: string): Promise<boolean> {
  const changed = await execute(
    db,
    `UPDATE outbox SET status = 'failed', last_error = $1, lease_owner = NULL, lease_expires_at = NULL
     WHERE id = $2 AND lease_owner = $3 AND status = 'pending'`,
    [error, id, owner],
  );
  return changed === 1;
}

export async function outboxDepth(db: Db): Promise<number> {
  const row = await queryOne(db, `SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'`);
  return num(row?.n);
}
