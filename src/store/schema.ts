import type { ColumnType, Generated } from 'kysely';

/**
 * The tables as the queries see them (Kysely's types; the DDL is in migrations/). Times are epoch
 * milliseconds (INTEGER on SQLite, BIGINT on PostgreSQL, read back as numbers on both); JSON columns
 * are written as JSON text and read back through the engine's `readJson` (TEXT on SQLite, JSONB on
 * PostgreSQL, which comes back parsed), hence `unknown` on the way out.
 */
export interface Database {
  schema_migrations: SchemaMigrationsTable;
  confirmations: ConfirmationsTable;
  processed_interactions: ProcessedInteractionsTable;
  approvals: ApprovalsTable;
  approval_votes: ApprovalVotesTable;
  operations: OperationsTable;
  operation_durations: OperationDurationsTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
  acting_calls: ActingCallsTable;
  server_locks: ServerLocksTable;
  delivery_budget: DeliveryBudgetTable;
  replicas: ReplicasTable;
  after_reviews: AfterReviewsTable;
  home_viewers: HomeViewersTable;
}

/** A JSON column: a JSON string goes in, whatever the driver hands back comes out. */
type Json = ColumnType<unknown, string, string>;
/** An integer column the database fills when the row is inserted. */
type Serial = Generated<number>;

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

export interface ConfirmationsTable {
  id: string;
  requester: string;
  kind: string;
  target: string;
  payload: Json;
  channel: string;
  status: string;
  created_at: number;
  expires_at: number;
  decided_by: string | null;
  decided_at: number | null;
  reply_url: string | null;
  expiry_noted_at: number | null;
}

export interface ProcessedInteractionsTable {
  key: string;
  claimed_at: number;
}

export interface ApprovalsTable {
  id: string;
  requester: string;
  action_kind: string;
  target: string;
  payload: Json;
  reason: string;
  channel: string;
  message_ts: string | null;
  status: string;
  required_approvals: number;
  created_at: number;
  expires_at: number;
  decided_by: string | null;
  decided_at: number | null;
  decision_note: string | null;
  job_id: string | null;
  error: string | null;
  updated_at: number;
  run_at: number | null;
  operation_id: string | null;
}

export interface ApprovalVotesTable {
  approval_id: string;
  user_id: string;
  at: number;
  seq: number;
}

export interface OperationsTable {
  id: string;
  provider: string;
  target_id: string;
  target_name: string;
  action: string;
  requester: string;
  correlation_id: string;
  job_id: string | null;
  poll_url: string | null;
  channel: string;
  root_ts: string | null;
  status: string | null;
  progress: number | null;
  progress_message: string | null;
  started_at: number;
  updated_at: number;
  next_poll_at: number;
  attempts: Generated<number>;
  consecutive_failures: Generated<number>;
  last_error: string | null;
  terminal_at: number | null;
  state: string;
  lease_owner: string | null;
  lease_expires_at: number | null;
  expected_duration_ms: number | null;
  meta: Json;
  phase: Generated<string>;
  outcome: string | null;
  job_started_at: number | null;
  job_finished_at: number | null;
}

export interface OperationDurationsTable {
  seq: Serial;
  provider: string;
  action: string;
  duration_ms: number;
  recorded_at: number;
}

export interface OutboxTable {
  seq: Serial;
  id: string;
  operation_id: string | null;
  approval_id: string | null;
  review_id: string | null;
  kind: string;
  channel: string;
  thread_ts: string | null;
  target_ts: string | null;
  anchor: string | null;
  payload: Json;
  dedupe_key: string | null;
  order_key: string;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  created_at: number;
  sent_at: number | null;
  result_ts: string | null;
  last_error: string | null;
  priority: number;
  coalesce_key: string | null;
  superseded_by: string | null;
  maybe_delivered: Generated<number>;
}

export interface AuditLogTable {
  seq: Serial;
  id: string;
  at: number;
  actor: string;
  action: string;
  target: string;
  outcome: string;
  detail: Json;
  correlation_id: string | null;
}

export interface ActingCallsTable {
  id: string;
  operation_id: string;
  provider: string;
  action: string;
  target: string;
  request: Json;
  requester: string;
  executor: string;
  correlation_id: string | null;
  state: string;
  called_at: number;
  answered_at: number | null;
  result: ColumnType<unknown, string | null, string | null>;
}

export interface ServerLocksTable {
  server_key: string;
  slot: string;
  holder: string;
  action: string;
  actor: string;
  acquired_at: number;
}

/** One token bucket of the outbox's delivery budget (GCRA: the theoretical arrival time). */
export interface DeliveryBudgetTable {
  bucket: string;
  tat: number;
  paused_until: number;
}

/** A running bot's heartbeat. */
export interface ReplicasTable {
  id: string;
  started_at: number;
  seen_at: number;
  expires_at: number;
}

export interface AfterReviewsTable {
  id: string;
  actor: string;
  action: string;
  target: string;
  target_name: string;
  reason: string;
  detail: Json;
  channel: string;
  message_ts: string | null;
  operation_id: string | null;
  approval_id: string | null;
  created_at: number;
  reviewed_by: string | null;
  reviewed_at: number | null;
  review_note: string | null;
}

export interface HomeViewersTable {
  user_id: string;
  opened_at: number;
}
