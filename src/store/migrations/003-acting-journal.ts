import type { Migration } from './migration.js';

/**
 * The acting pipeline's state (see src/services/acting/):
 * - `operations.phase`: 'calling' while the acting call is in flight (the caller holds the lease),
 *   'following' once the provider answered, 'reconciling' when the answer was lost. A 'calling'
 *   operation whose lease ran out belonged to a process that died mid-call: it is reconciled from
 *   the server's live state, never called again. `outcome` says how a finished one ended.
 * - `acting_calls`: the journal, one row per acting request sent to a provider, written before
 *   it is sent and closed with what came back (or 'unknown').
 * - `server_locks`: at most one acting operation ('acting') and one open destructive request
 *   ('request') per server, across replicas: the primary key is the lock.
 * - `approvals.run_at` / `operation_id`: an approved request runs at run_at (a countdown can sit
 *   between the last vote and the run), and the operation it started.
 */
export const actingJournal: Migration = {
  version: 3,
  name: 'acting-journal',
  statements: (t) => [
    `ALTER TABLE operations ADD COLUMN phase TEXT NOT NULL DEFAULT 'following'`,
    'ALTER TABLE operations ADD COLUMN outcome TEXT',
    `ALTER TABLE operations ADD COLUMN job_started_at ${t.time}`,
    `ALTER TABLE operations ADD COLUMN job_finished_at ${t.time}`,
    'CREATE INDEX operations_target ON operations (target_id, started_at)',
    `CREATE TABLE acting_calls (
      id TEXT PRIMARY KEY,
      operation_id TEXT NOT NULL REFERENCES operations (id),
      provider TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT NOT NULL,
      request ${t.json} NOT NULL,
      requester TEXT NOT NULL,
      executor TEXT NOT NULL,
      correlation_id TEXT,
      state TEXT NOT NULL CHECK (state IN ('calling','answered','refused','unknown')),
      called_at ${t.time} NOT NULL,
      answered_at ${t.time},
      result ${t.json}
    )`,
    'CREATE INDEX acting_calls_operation ON acting_calls (operation_id, called_at)',
    `CREATE TABLE server_locks (
      server_key TEXT NOT NULL,
      slot TEXT NOT NULL CHECK (slot IN ('acting','request')),
      holder TEXT NOT NULL,
      action TEXT NOT NULL,
      actor TEXT NOT NULL,
      acquired_at ${t.time} NOT NULL,
      PRIMARY KEY (server_key, slot)
    )`,
    'CREATE INDEX server_locks_holder ON server_locks (holder)',
    `ALTER TABLE approvals ADD COLUMN run_at ${t.time}`,
    'ALTER TABLE approvals ADD COLUMN operation_id TEXT',
    `CREATE INDEX approvals_due ON approvals (status, run_at)`,
  ],
};
