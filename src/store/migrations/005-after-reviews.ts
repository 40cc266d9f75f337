import type { Migration } from './migration.js';

/**
 * Break-glass is loud and reviewed afterwards: every use leaves a review that an approver must
 * acknowledge (listed by `/vps requests` until then). One row per use, tied to the operation or
 * request it let through.
 */
export const afterReviews: Migration = {
  version: 5,
  name: 'after-reviews',
  statements: (t) => [
    `CREATE TABLE after_reviews (
      id TEXT PRIMARY KEY,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT NOT NULL,
      target_name TEXT NOT NULL,
      reason TEXT NOT NULL,
      detail ${t.json} NOT NULL,
      channel TEXT NOT NULL,
      message_ts TEXT,
      operation_id TEXT,
      approval_id TEXT,
      created_at ${t.time} NOT NULL,
      reviewed_by TEXT,
      reviewed_at ${t.time},
      review_note TEXT
    )`,
    'CREATE INDEX after_reviews_open ON after_reviews (reviewed_at, created_at)',
    'ALTER TABLE outbox ADD COLUMN review_id TEXT',
  ],
};
