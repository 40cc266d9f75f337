import type { Migration } from './migration.js';

/**
 * The first schema. Ordering columns (`seq`) are integer keys so "enqueue order" does not depend
 * on clocks agreeing; text ids stay the public identity. On PostgreSQL every epoch-ms time is a
 * BIGINT (read back as a number) and every JSON value JSONB.
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial',
  sqlite: `
CREATE TABLE confirmations (
  id TEXT PRIMARY KEY,
  requester TEXT NOT NULL,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  payload TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','confirmed','cancelled','expired')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  decided_by TEXT,
  decided_at INTEGER
);

CREATE TABLE processed_interactions (
  key TEXT PRIMARY KEY,
  claimed_at INTEGER NOT NULL
);
CREATE INDEX processed_interactions_claimed_at ON processed_interactions (claimed_at);

CREATE TABLE approvals (
  id TEXT PRIMARY KEY,
  requester TEXT NOT NULL,
  action_kind TEXT NOT NULL,
  target TEXT NOT NULL,
  payload TEXT NOT NULL,
  reason TEXT NOT NULL,
  channel TEXT NOT NULL,
  message_ts TEXT,
  status TEXT NOT NULL CHECK (status IN
    ('pending','approved','executing','executed','rejected','cancelled','expired','failed')),
  required_approvals INTEGER NOT NULL CHECK (required_approvals >= 1),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  decided_by TEXT,
  decided_at INTEGER,
  decision_note TEXT,
  job_id TEXT,
  error TEXT,
  updated_at INTEGER NOT NULL
);
CREATE INDEX approvals_status_expires ON approvals (status, expires_at);

CREATE TABLE approval_votes (
  approval_id TEXT NOT NULL REFERENCES approvals (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (approval_id, user_id)
);

CREATE TABLE operations (
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
  progress REAL,
  progress_message TEXT,
  started_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  next_poll_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  terminal_at INTEGER,
  state TEXT NOT NULL CHECK (state IN ('active','done','failed','gave_up')),
  lease_owner TEXT,
  lease_expires_at INTEGER,
  expected_duration_ms INTEGER,
  meta TEXT NOT NULL
);
CREATE UNIQUE INDEX operations_provider_job ON operations (provider, job_id) WHERE job_id IS NOT NULL;
CREATE INDEX operations_due ON operations (state, next_poll_at);
CREATE INDEX operations_lease_owner ON operations (lease_owner);

CREATE TABLE operation_durations (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  provider TEXT NOT NULL,
  action TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL
);
CREATE INDEX operation_durations_lookup ON operation_durations (provider, action, seq);

CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  operation_id TEXT REFERENCES operations (id),
  approval_id TEXT REFERENCES approvals (id),
  kind TEXT NOT NULL CHECK (kind IN ('post','update','ephemeral')),
  channel TEXT NOT NULL,
  thread_ts TEXT,
  target_ts TEXT,
  anchor TEXT CHECK (anchor IN ('root','follow')),
  payload TEXT NOT NULL,
  dedupe_key TEXT UNIQUE,
  order_key TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','sent','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  result_ts TEXT,
  last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (status, order_key, seq);
CREATE INDEX outbox_lease_owner ON outbox (lease_owner);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL,
  correlation_id TEXT
);
CREATE INDEX audit_log_target ON audit_log (target, at);
CREATE INDEX audit_log_at ON audit_log (at);

-- The audit trail is append-only in the database itself, not just by API shape.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`,
  postgres: `
CREATE TABLE confirmations (
  id TEXT PRIMARY KEY,
  requester TEXT NOT NULL,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  payload JSONB NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','confirmed','cancelled','expired')),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  decided_by TEXT,
  decided_at BIGINT
);

CREATE TABLE processed_interactions (
  key TEXT PRIMARY KEY,
  claimed_at BIGINT NOT NULL
);
CREATE INDEX processed_interactions_claimed_at ON processed_interactions (claimed_at);

CREATE TABLE approvals (
  id TEXT PRIMARY KEY,
  requester TEXT NOT NULL,
  action_kind TEXT NOT NULL,
  target TEXT NOT NULL,
  payload JSONB NOT NULL,
  reason TEXT NOT NULL,
  channel TEXT NOT NULL,
  message_ts TEXT,
  status TEXT NOT NULL CHECK (status IN
    ('pending','approved','executing','executed','rejected','cancelled','expired','failed')),
  required_approvals INTEGER NOT NULL CHECK (required_approvals >= 1),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  decided_by TEXT,
  decided_at BIGINT,
  decision_note TEXT,
  job_id TEXT,
  error TEXT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX approvals_status_expires ON approvals (status, expires_at);

CREATE TABLE approval_votes (
  approval_id TEXT NOT NULL REFERENCES approvals (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (approval_id, user_id)
);

CREATE TABLE operations (
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
  progress DOUBLE PRECISION,
  progress_message TEXT,
  started_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  next_poll_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  terminal_at BIGINT,
  state TEXT NOT NULL CHECK (state IN ('active','done','failed','gave_up')),
  lease_owner TEXT,
  lease_expires_at BIGINT,
  expected_duration_ms BIGINT,
  meta JSONB NOT NULL
);
CREATE UNIQUE INDEX operations_provider_job ON operations (provider, job_id) WHERE job_id IS NOT NULL;
CREATE INDEX operations_due ON operations (next_poll_at, started_at, id) WHERE state = 'active';
CREATE INDEX operations_lease_owner ON operations (lease_owner);

CREATE TABLE operation_durations (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  provider TEXT NOT NULL,
  action TEXT NOT NULL,
  duration_ms BIGINT NOT NULL,
  recorded_at BIGINT NOT NULL
);
CREATE INDEX operation_durations_lookup ON operation_durations (provider, action, seq);

CREATE TABLE outbox (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  operation_id TEXT REFERENCES operations (id),
  approval_id TEXT REFERENCES approvals (id),
  kind TEXT NOT NULL CHECK (kind IN ('post','update','ephemeral')),
  channel TEXT NOT NULL,
  thread_ts TEXT,
  target_ts TEXT,
  anchor TEXT CHECK (anchor IN ('root','follow')),
  payload JSONB NOT NULL,
  dedupe_key TEXT UNIQUE,
  order_key TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','sent','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  lease_owner TEXT,
  lease_expires_at BIGINT,
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  result_ts TEXT,
  last_error TEXT
);
CREATE INDEX outbox_pending_group ON outbox (order_key, seq) WHERE status = 'pending';
CREATE INDEX outbox_pending_due ON outbox (created_at, seq) WHERE status = 'pending';
CREATE INDEX outbox_lease_owner ON outbox (lease_owner);

CREATE TABLE audit_log (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail JSONB NOT NULL,
  correlation_id TEXT
);
CREATE INDEX audit_log_target ON audit_log (target, at);
CREATE INDEX audit_log_at ON audit_log (at);

-- The audit trail is append-only in the database itself, not just by API shape.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$fn$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
`,
};
