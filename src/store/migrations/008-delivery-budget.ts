import type { Migration } from './migration.js';

/** The outbox's columns as 001 and 005 made them (copied over as they are). */
const keptColumns = [
  'id',
  'operation_id',
  'approval_id',
  'kind',
  'channel',
  'thread_ts',
  'target_ts',
  'anchor',
  'payload',
  'dedupe_key',
  'order_key',
  'status',
  'attempts',
  'next_attempt_at',
  'lease_owner',
  'lease_expires_at',
  'created_at',
  'sent_at',
  'result_ts',
  'last_error',
  'review_id',
].join(', ');

/**
 * Living within Slack's limits (see src/tracker/outbox-worker.ts):
 * - `outbox` gains a `priority` (0 first: roots, approval requests, final replies; 2 last:
 *   progress), a `coalesce_key` (a newer message with the same key makes an unsent older one moot:
 *   it ends 'superseded', `superseded_by` the newer one, never sent) and `maybe_delivered` (an
 *   earlier attempt ended without a recorded answer, so Slack may have the message already: a
 *   redelivery looks for it first). The new status value needs a new CHECK, which neither database
 *   can change in place the same way, so the table is rebuilt: rows are copied in `seq` order (new
 *   `seq` values, same order) and the indexes made again.
 * - `delivery_budget`: one row per token bucket (`<kind>:<channel>` or `<kind>:*`), as a GCRA
 *   "theoretical arrival time" plus a pause after a 429, shared by every replica on the database.
 * - `replicas`: a heartbeat per running bot, so a start can count the replicas holding Socket
 *   Mode connections (Slack allows 10 per app).
 */
export const deliveryBudget: Migration = {
  version: 8,
  name: 'delivery-budget',
  statements: (t) => [
    `CREATE TABLE outbox_v4 (
      seq ${t.serialKey},
      id TEXT NOT NULL UNIQUE,
      operation_id TEXT REFERENCES operations (id),
      approval_id TEXT REFERENCES approvals (id),
      kind TEXT NOT NULL CHECK (kind IN ('post','update','ephemeral')),
      channel TEXT NOT NULL,
      thread_ts TEXT,
      target_ts TEXT,
      anchor TEXT CHECK (anchor IN ('root','follow')),
      payload ${t.json} NOT NULL,
      dedupe_key TEXT UNIQUE,
      order_key TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending','sent','failed','superseded')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at ${t.time} NOT NULL,
      lease_owner TEXT,
      lease_expires_at ${t.time},
      created_at ${t.time} NOT NULL,
      sent_at ${t.time},
      result_ts TEXT,
      last_error TEXT,
      review_id TEXT,
      priority INTEGER NOT NULL DEFAULT 1,
      coalesce_key TEXT,
      superseded_by TEXT,
      maybe_delivered INTEGER NOT NULL DEFAULT 0
    )`,
    // Earlier versions counted an attempt as uncertain when it had no error recorded; a lease still held
    // means its holder never recorded an answer.
    `INSERT INTO outbox_v4 (${keptColumns}, priority, maybe_delivered)
     SELECT ${keptColumns},
       CASE WHEN anchor = 'root' OR kind = 'ephemeral' THEN 0 ELSE 1 END,
       CASE WHEN status = 'pending' AND (lease_owner IS NOT NULL OR (attempts > 0 AND last_error IS NULL))
         THEN 1 ELSE 0 END
     FROM outbox ORDER BY seq`,
    'DROP TABLE outbox',
    'ALTER TABLE outbox_v4 RENAME TO outbox',
    `CREATE INDEX outbox_pending_group ON outbox (order_key, seq) WHERE status = 'pending'`,
    `CREATE INDEX outbox_pending_kind ON outbox (kind, priority, created_at, seq) WHERE status = 'pending'`,
    `CREATE INDEX outbox_pending_retry ON outbox (next_attempt_at) WHERE status = 'pending'`,
    `CREATE INDEX outbox_pending_coalesce ON outbox (coalesce_key, seq) WHERE status = 'pending'`,
    `CREATE INDEX outbox_pending_operation_root ON outbox (operation_id) WHERE status = 'pending' AND anchor = 'root'`,
    `CREATE INDEX outbox_pending_approval_root ON outbox (approval_id) WHERE status = 'pending' AND anchor = 'root'`,
    'CREATE INDEX outbox_lease_owner ON outbox (lease_owner)',
    // An approved request's operation finds its request (its thread's anchor) by this.
    'CREATE INDEX approvals_operation ON approvals (operation_id)',
    `CREATE TABLE delivery_budget (
      bucket TEXT PRIMARY KEY,
      tat ${t.time} NOT NULL,
      paused_until ${t.time} NOT NULL
    )`,
    `CREATE TABLE replicas (
      id TEXT PRIMARY KEY,
      started_at ${t.time} NOT NULL,
      seen_at ${t.time} NOT NULL,
      expires_at ${t.time} NOT NULL
    )`,
  ],
};
