import type { Migration } from './migration.js';

/**
 * Release 0.1 built SQLite with other index shapes than PostgreSQL (a plain `operations_due` on
 * (state, next_poll_at) and `outbox_pending` on (status, order_key, seq)). This gives both the
 * partial indexes the claim queries are written for; on a database built by 001 as it reads now it
 * only rebuilds `operations_due` in the same shape.
 */
export const sameIndexes: Migration = {
  version: 2,
  name: 'same-indexes',
  statements: () => [
    'DROP INDEX IF EXISTS outbox_pending',
    'DROP INDEX IF EXISTS operations_due',
    `CREATE INDEX operations_due ON operations (next_poll_at, started_at, id) WHERE state = 'active'`,
    `CREATE INDEX IF NOT EXISTS outbox_pending_group ON outbox (order_key, seq) WHERE status = 'pending'`,
    `CREATE INDEX IF NOT EXISTS outbox_pending_due ON outbox (created_at, seq) WHERE status = 'pending'`,
  ],
};
