import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors.js';
import { operationPatchColumns as patchColumns } from '../mapping/record-mappers.js';
import { type Row, toJson } from '../mapping/row-values.js';
import type {
  NewOperation,
  NewOutboxMessage,
  OperationPatch,
  ProviderName,
  TrackedOperation,
} from '../records.js';
import type { ClaimArgs, CompleteOperationArgs } from '../store.js';
import { type Db, writeTx } from './connection.js';
import { insertMessage } from './outbox.js';
import { toOperation } from './rows.js';

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function createOperation(
  db: Db,
  input: NewOperation,
  messages: readonly NewOutboxMessage[],
  now: number,
): TrackedOperation {
  const id = input.id ?? randomUUID();
  const startedAt = input.startedAt ?? now;
  try {
    return writeTx(db, () => {
      db.prepare(
        `INSERT INTO operations (id, provider, target_id, target_name, action, requester, correlation_id,
           job_id, poll_url, channel, root_ts, status, started_at, updated_at, next_poll_at, state,
           expected_duration_ms, meta)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`,
      ).run(
        id,
        input.provider,
        input.targetId,
        input.targetName,
        input.action,
        input.requester,
        input.correlationId,
        input.jobId ?? null,
        input.pollUrl ?? null,
        input.channel,
        input.rootTs ?? null,
        input.status ?? null,
        startedAt,
        startedAt,
        input.nextPollAt ?? startedAt,
        input.expectedDurationMs ?? null,
        toJson(input.meta ?? {}),
      );
      for (const message of messages)
        insertMessage(db, { ...message, operationId: message.operationId ?? id }, now);
      return getOperation(db, id)!;
    });
  } catch (error) {
    if (isUniqueViolation(error) && input.jobId && findOperationByJobId(db, input.provider, input.jobId)) {
      throw new AppError('operation_exists', `${input.provider} job ${input.jobId} is already tracked`, {
        cause: error,
      });
    }
    throw error;
  }
}

export function getOperation(db: Db, id: string): TrackedOperation | null {
  const row = db.prepare('SELECT * FROM operations WHERE id = ?').get(id) as Row | undefined;
  return row ? toOperation(row) : null;
}

export function findOperationByJobId(db: Db, provider: ProviderName, jobId: string): TrackedOperation | null {
  const row = db.prepare('SELECT * FROM operations WHERE provider = ? AND job_id = ?').get(provider, jobId) as
    | Row
    | undefined;
  return row ? toOperation(row) : null;
}

export function listActiveOperations(db: Db): TrackedOperation[] {
  const rows = db
    .prepare(`SELECT * FROM operations WHERE state = 'active' ORDER BY next_poll_at, started_at, id`)
    .all() as Row[];
  return rows.map(toOperation);
}

const byNextPoll = (a: TrackedOperation, b: TrackedOperation) =>
  a.nextPollAt - b.nextPollAt || a.startedAt - b.startedAt || a.id.localeCompare(b.id);

/** One UPDATE over a bounded sub-select (FOR UPDATE SKIP LOCKED on PostgreSQL). */
export function claimDueOperations(db: Db, args: ClaimArgs): TrackedOperation[] {
  return writeTx(db, () => {
    const rows = db
      .prepare(
        `UPDATE operations SET lease_owner = ?, lease_expires_at = ?
         WHERE id IN (
           SELECT id FROM operations
           WHERE state = 'active' AND next_poll_at <= ? AND (lease_owner IS NULL OR lease_expires_at <= ?)
           ORDER BY next_poll_at, started_at, id LIMIT ?)
         RETURNING *`,
      )
      .all(args.owner, args.now + args.leaseMs, args.now, args.now, Math.max(0, args.limit)) as Row[];
    return rows.map(toOperation).sort(byNextPoll);
  });
}

/** `SET` assignments for the fields present in `patch` (column names come from the table above). */
function patchAssignments(patch: OperationPatch, now: number): { sql: string[]; values: unknown[] } {
  const sql: string[] = [];
  const values: unknown[] = [];
  const withTime: OperationPatch = { ...patch, updatedAt: patch.updatedAt ?? now };
  for (const [key, column] of Object.entries(patchColumns) as [keyof OperationPatch, string][]) {
    const value = withTime[key];
    if (value === undefined) continue;
    sql.push(`${column} = ?`);
    values.push(key === 'meta' ? toJson(value) : value);
  }
  return { sql, values };
}

export function updateOperation(
  db: Db,
  id: string,
  owner: string,
  patch: OperationPatch,
  now: number,
  options: { release?: boolean } = {},
): boolean {
  const { sql, values } = patchAssignments(patch, now);
  if (options.release) sql.push('lease_owner = NULL', 'lease_expires_at = NULL');
  const result = db
    .prepare(`UPDATE operations SET ${sql.join(', ')} WHERE id = ? AND lease_owner = ?`)
    .run(...values, id, owner);
  return result.changes === 1;
}

export function extendLease(db: Db, id: string, owner: string, until: number): boolean {
  return (
    db
      .prepare(
        `UPDATE operations SET lease_expires_at = ? WHERE id = ? AND lease_owner = ? AND state = 'active'`,
      )
      .run(until, id, owner).changes === 1
  );
}

export function recordPoll(
  db: Db,
  id: string,
  owner: string,
  patch: OperationPatch,
  messages: readonly NewOutboxMessage[],
  now: number,
): boolean {
  return writeTx(db, () => {
    if (!updateOperation(db, id, owner, patch, now, { release: true })) return false;
    for (const message of messages)
      insertMessage(db, { ...message, operationId: message.operationId ?? id }, now);
    return true;
  });
}

export function completeOperation(
  db: Db,
  id: string,
  owner: string,
  args: CompleteOperationArgs,
  messages: readonly NewOutboxMessage[],
  now: number,
): boolean {
  return writeTx(db, () => {
    const result = db
      .prepare(
        `UPDATE operations SET state = ?, status = ?, terminal_at = ?, updated_at = ?,
           last_error = COALESCE(?, last_error), lease_owner = NULL, lease_expires_at = NULL
         WHERE id = ? AND lease_owner = ? AND state = 'active'`,
      )
      .run(args.state, args.status, args.at, args.at, args.lastError ?? null, id, owner);
    if (result.changes !== 1) return false;
    for (const message of messages)
      insertMessage(db, { ...message, operationId: message.operationId ?? id }, now);
    return true;
  });
}

export function releaseLease(db: Db, owner: string): number {
  return writeTx(db, () => {
    const operations = db
      .prepare('UPDATE operations SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ?')
      .run(owner).changes;
    const messages = db
      .prepare(
        `UPDATE outbox SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ? AND status = 'pending'`,
      )
      .run(owner).changes;
    return operations + messages;
  });
}

/** How many recent durations are kept per (provider, action). */
export const durationWindow = 20;

export function recordDuration(
  db: Db,
  provider: ProviderName,
  action: string,
  ms: number,
  now: number,
): void {
  writeTx(db, () => {
    db.prepare(
      'INSERT INTO operation_durations (provider, action, duration_ms, recorded_at) VALUES (?, ?, ?, ?)',
    ).run(provider, action, Math.max(0, Math.round(ms)), now);
    db.prepare(
      `DELETE FROM operation_durations WHERE provider = ? AND action = ? AND seq NOT IN (
         SELECT seq FROM operation_durations WHERE provider = ? AND action = ? ORDER BY seq DESC LIMIT ?)`,
    ).run(provider, action, provider, action, durationWindow);
  });
}

export function typicalDuration(db: Db, provider: ProviderName, action: string): number | null {
  const values = (
    db
      .prepare(
        'SELECT duration_ms FROM operation_durations WHERE provider = ? AND action = ? ORDER BY seq DESC LIMIT ?',
      )
      .pluck()
      .all(provider, action, durationWindow) as unknown[]
  )
    .map(Number)
    .sort((a, b) => a - b);
  if (values.length === 0) return null;
  const mid = Math.floor(values.length / 2);
  return values.length % 2 === 1 ? values[mid]! : Math.round((values[mid - 1]! + values[mid]!) / 2);
}
