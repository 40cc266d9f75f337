import { randomUUID } from 'node:crypto';
import { defaultOrderKey } from '../mapping/record-mappers.js';
import { num, type Row, str, toJson } from '../mapping/row-values.js';
import type { NewOutboxMessage, OutboxMessage } from '../records.js';
import type { ClaimArgs, EnqueueResult } from '../store.js';
import { type Db, writeTx } from './connection.js';
import { toMessage } from './rows.js';

/** Inserts unless the dedupe key exists; call inside a transaction when it must go with other writes. */
export function insertMessage(db: Db, message: NewOutboxMessage, now: number): EnqueueResult {
  const id = message.id ?? randomUUID();
  const createdAt = message.createdAt ?? now;
  const result = db
    .prepare(
      `INSERT INTO outbox (id, operation_id, approval_id, kind, channel, thread_ts, target_ts, anchor, payload,
         dedupe_key, order_key, status, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)
       ON CONFLICT (dedupe_key) DO NOTHING`,
    )
    .run(
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
      message.orderKey ?? defaultOrderKey(message),
      message.nextAttemptAt ?? createdAt,
      createdAt,
    );
  if (result.changes === 1) return { enqueued: true, id };
  const existing = db.prepare('SELECT id FROM outbox WHERE dedupe_key = ?').pluck().get(message.dedupeKey);
  return { enqueued: false, id: str(existing) };
}

export function enqueueMessage(db: Db, message: NewOutboxMessage, now: number): EnqueueResult {
  return writeTx(db, () => insertMessage(db, message, now));
}

export function getMessage(db: Db, id: string): OutboxMessage | null {
  const row = db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
  return row ? toMessage(row) : null;
}

/** The ts a 'follow' message hangs on: its operation's root message, else its approval's message. */
function anchorTs(db: Db, row: Row): string | null {
  if (row.operation_id) {
    const ts = db.prepare('SELECT root_ts FROM operations WHERE id = ?').pluck().get(row.operation_id);
    if (ts) return str(ts);
  }
  if (row.approval_id) {
    const ts = db.prepare('SELECT message_ts FROM approvals WHERE id = ?').pluck().get(row.approval_id);
    if (ts) return str(ts);
  }
  return null;
}

/**
 * A message is handed out only when no earlier message (lower `seq`) of its order group is still
 * pending: leased, waiting for a retry, or not yet due all hold the group back, so each thread
 * receives its messages in enqueue order.
 */
export function claimDueMessages(db: Db, args: ClaimArgs): OutboxMessage[] {
  return writeTx(db, () => {
    const rows = db
      .prepare(
        `UPDATE outbox SET lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1
         WHERE seq IN (
           SELECT m.seq FROM outbox m
           WHERE m.status = 'pending' AND m.next_attempt_at <= ?
             AND (m.lease_owner IS NULL OR m.lease_expires_at <= ?)
             AND NOT EXISTS (
               SELECT 1 FROM outbox e WHERE e.order_key = m.order_key AND e.status = 'pending' AND e.seq < m.seq)
           ORDER BY m.created_at, m.seq LIMIT ?)
         RETURNING *`,
      )
      .all(args.owner, args.now + args.leaseMs, args.now, args.now, Math.max(0, args.limit)) as Row[];
    rows.sort((a, b) => num(a.created_at) - num(b.created_at) || num(a.seq) - num(b.seq));
    return rows.map((row) => {
      if (row.anchor !== 'follow') return toMessage(row);
      const column = row.kind === 'update' ? 'target_ts' : 'thread_ts';
      if (row[column] !== null) return toMessage(row);
      const ts = anchorTs(db, row);
      if (ts === null) return toMessage(row);
      db.prepare(`UPDATE outbox SET ${column} = ? WHERE seq = ?`).run(ts, row.seq);
      return toMessage({ ...row, [column]: ts });
    });
  });
}

export function markMessageSent(db: Db, id: string, owner: string, ts: string | null, now: number): boolean {
  return writeTx(db, () => {
    const row = db
      .prepare(
        `UPDATE outbox SET status = 'sent', sent_at = ?, result_ts = ?, lease_owner = NULL, lease_expires_at = NULL
         WHERE id = ? AND lease_owner = ? AND status = 'pending'
         RETURNING operation_id, approval_id, anchor, channel`,
      )
      .get(now, ts, id, owner) as Row | undefined;
    if (!row) return false;
    if (row.anchor === 'root' && ts !== null) {
      if (row.operation_id) {
        db.prepare('UPDATE operations SET root_ts = ? WHERE id = ? AND root_ts IS NULL').run(
          ts,
          row.operation_id,
        );
      } else if (row.approval_id) {
        db.prepare(
          'UPDATE approvals SET message_ts = ?, channel = ? WHERE id = ? AND message_ts IS NULL',
        ).run(ts, row.channel, row.approval_id);
      }
    }
    return true;
  });
}

export function markMessageRetry(
  db: Db,
  id: string,
  owner: string,
  nextAttemptAt: number,
  error: string,
): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET next_attempt_at = ?, last_error = ?, lease_owner = NULL, lease_expires_at = NULL
         WHERE id = ? AND lease_owner = ? AND status = 'pending'`,
      )
      .run(nextAttemptAt, error, id, owner).changes === 1
  );
}

export function markMessageFailed(db: Db, id: string, owner: string, error: string): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET status = 'failed', last_error = ?, lease_owner = NULL, lease_expires_at = NULL
         WHERE id = ? AND lease_owner = ? AND status = 'pending'`,
      )
      .run(error, id, owner).changes === 1
  );
}

export function outboxDepth(db: Db): number {
  return num(db.prepare(`SELECT COUNT(*) FROM outbox WHERE status = 'pending'`).pluck().get());
}
