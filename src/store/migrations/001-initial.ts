import type { Migration } from './migration.js';

/**
 * The first schema. Ordering columns (`seq`) are integer keys so "enqueue order" does not depend
 * on clocks agreeing; text ids stay the public identity.
 *
 * Until release 0.1 this migration was written out twice, once per database; the two texts built
 * the same tables, columns and constraints and differed only in index shapes, which migration 002
 * makes the same (test/store/migrate-forward.test.ts opens a database built by that release).
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial',
  statements: (t) => [
    `CREATE TABLE confirmations (
      id TEXT PRIMARY KEY,
      requester TEXT NOT NULL,
      kind TEXT NOT NULL,
      target TEXT NOT NULL,
      payload ${t.json} NOT NULL,
      channel TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending','confirmed','cancelled','expired')),
      created_at ${t.time} NOT NULL,
      expires_at ${t.time} NOT NULL,
      decided_by TEXT,
      decided_at ${t.time}
    )`,
    `CREATE TABLE processed_interactions (
      key TEXT PRIMARY KEY,
      claimed_at ${t.time} NOT NULL
    )`,
    'CREATE INDEX processed_interactions_claimed_at ON processed_interactions (claimed_at)',
    `CREATE TABLE approvals (
      id TEXT PRIMARY KEY,
      requester TEXT NOT NULL,
      action_kind TEXT NOT NULL,
      target TEXT NOT NULL,
      payload ${t.json} NOT NULL,
      reason TEXT NOT NULL,
      channel TEXT NOT NULL,
      message_ts TEXT,
      status TEXT NOT NULL CHECK (status IN
        ('pending','approved','executing','executed','rejected','cancelled','expired','failed')),
      required_approvals INTEGER NOT NULL CHECK (required_approvals >= 1),
      created_at ${t.time} NOT NULL,
      expires_at ${t.time} NOT NULL,
      decided_by TEXT,
      decided_at ${t.time},
      decision_note TEXT,
      job_id TEXT,
      error TEXT,
      updated_at ${t.time} NOT NULL
    )`,
    'CREATE INDEX approvals_status_expires ON approvals (status, expires_at)',
    `CREATE TABLE approval_votes (
      approval_id TEXT NOT NULL REFERENCES approvals (id) ON DELETE CASCADE,
      user_id TEXT NOT NULL,
      at ${t.time} NOT NULL,
      seq INTEGER NOT NULL,
      PRIMARY KEY (approval_id, user_id)
    )`,
    `CREATE TABLE operations (
      id TEXT PRIMARY KEY,
      provider TEXT NOT NULL,
      target_id TEXT NOT NULL,
      target_name TEXT NOT NULL,
      action TEXT NOT NULL,
      requester TEXT NOT NULL,
      correlation_id TEXT NOT NULL,
      job_id TEXT,
      poll_url TEXT,
      channel TEXT NOT NULL,
      root_ts TEXT,
      status TEXT,
      progress ${t.real},
      progress_message TEXT,
      started_at ${t.time} NOT NULL,
      updated_at ${t.time} NOT NULL,
      next_poll_at ${t.time} NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      consecutive_failures INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      terminal_at ${t.time},
      state TEXT NOT NULL CHECK (state IN ('active','done','failed','gave_up')),
      lease_owner TEXT,
      lease_expires_at ${t.time},
      expected_duration_ms ${t.time},
      meta ${t.json} NOT NULL
    )`,
    'CREATE UNIQUE INDEX operations_provider_job ON operations (provider, job_id) WHERE job_id IS NOT NULL',
    `CREATE INDEX operations_due ON operations (next_poll_at, started_at, id) WHERE state = 'active'`,
    'CREATE INDEX operations_lease_owner ON operations (lease_owner)',
    `CREATE TABLE operation_durations (
      seq ${t.serialKey},
      provider TEXT NOT NULL,
      action TEXT NOT NULL,
      duration_ms ${t.time} NOT NULL,
      recorded_at ${t.time} NOT NULL
    )`,
    'CREATE INDEX operation_durations_lookup ON operation_durations (provider, action, seq)',
    `CREATE TABLE outbox (
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
      status TEXT NOT NULL CHECK (status IN ('pending','sent','failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at ${t.time} NOT NULL,
      lease_owner TEXT,
      lease_expires_at ${t.time},
      created_at ${t.time} NOT NULL,
      sent_at ${t.time},
      result_ts TEXT,
      last_error TEXT
    )`,
    `CREATE INDEX outbox_pending_group ON outbox (order_key, seq) WHERE status = 'pending'`,
    `CREATE INDEX outbox_pending_due ON outbox (created_at, seq) WHERE status = 'pending'`,
    'CREATE INDEX outbox_lease_owner ON outbox (lease_owner)',
    `CREATE TABLE audit_log (
      seq ${t.serialKey},
      id TEXT NOT NULL UNIQUE,
      at ${t.time} NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT NOT NULL,
      outcome TEXT NOT NULL,
      detail ${t.json} NOT NULL,
      correlation_id TEXT
    )`,
    'CREATE INDEX audit_log_target ON audit_log (target, at)',
    'CREATE INDEX audit_log_at ON audit_log (at)',
    // The audit trail is append-only in the database itself, not just by API shape.
    ...t.appendOnly('audit_log'),
  ],
};
