import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors.js';
import { operationPatchColumns as patchColumns } from '../mapping/record-mappers.js';
import { num, toJson } from '../mapping/row-values.js';
import type {
  NewOperation,
  NewOutboxMessage,
  OperationPatch,
  ProviderName,
  TrackedOperation,
} from '../records.js';
import type { ClaimArgs, CompleteOperationArgs } from '../store.js';
import { type Conn, type Db, execute, isUniqueViolation, query, queryOne, withTx } from './connection.js';
import { insertMessage } from './outbox.js';
import { toOperation } from './rows.js';

async function enqueueAll(tx: Conn, id: string, messages: readonly NewOutboxMessage[], now: number) {
  for (const message of messages)
    await insertMessage(tx, { ...message, operationId: message.operationId ?? id }, now);
}

export async function createOperation(
  db: Db,
  input: NewOperation,
  messages: readonly NewOutboxMessage[],
  now: number,
): Promise<TrackedOperation> {
  const id = input.id ?? randomUUID();
  const startedAt = input.startedAt ?? now;
  try {
    return await withTx(db, async (tx) => {
      const row = await queryOne(
        tx,
        `INSERT INTO operations (id, provider, target_id, target_name, action, requester, correlation_id,
           job_id, poll_url, channel, root_ts, status, started_at, updated_at, next_poll_at, state,
           expected_duration_ms, meta)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, 'active', $15, $16::jsonb)
         RETURNING *`,
        [
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
          input.nextPollAt ?? startedAt,
          input.expectedDurationMs ?? null,
          toJson(input.meta ?? {}),
        ],
      );
      await enqueueAll(tx, id, messages, now);
      return toOperation(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'operations_provider_job')) {
      throw new AppError('operation_exists', `${input.provider} job ${input.jobId} is already tracked`, {
        cause: error,
      });
    }
    throw error;
  }
}

export async function getOperation(db: Db, id: string): Promise<TrackedOperation | null> {
  const row = await queryOne(db, 'SELECT * FROM operations WHERE id = $1', [id]);
  return row ? toOperation(row) : null;
}

export async function findOperationByJobId(
  db: Db,
  provider: ProviderName,
  jobId: string,
): Promise<TrackedOperation | null> {
  const row = await queryOne(db, 'SELECT * FROM operations WHERE provider = $1 AND job_id = $2', [
    provider,
    jobId,
  ]);
  return row ? toOperation(row) : null;
}

export async function listActiveOperations(db: Db): Promise<TrackedOperation[]> {
  const rows = await query(
    db,
    `SELECT * FROM operations WHERE state = 'active' ORDER BY next_poll_at, started_at, id`,
  );
  return rows.map(toOperation);
}

const byNextPoll = (a: TrackedOperation, b: TrackedOperation) =>
  a.nextPollAt - b.nextPollAt || a.startedAt - b.startedAt || a.id.localeCompare(b.id);

/**
 * One UPDATE over due rows locked FOR UPDATE SKIP LOCKED: replicas claiming at once pass over
 * each other's rows instead of queueing on them, and a row another replica has just leased is
 * re-checked on its new version (lease now held) and dropped. A crashed replica's lease simply
 * expires and the row becomes due again.
 */
export async function claimDueOperations(db: Db, args: ClaimArgs): Promise<TrackedOperation[]> {
  const rows = await query(
    db,
    `WITH due AS (
       SELECT id FROM operations
       WHERE state = 'active' AND next_poll_at <= $3 AND (lease_owner IS NULL OR lease_expires_at <= $3)
       ORDER BY next_poll_at, started_at, id
       LIMIT $4
       FOR UPDATE SKIP LOCKED)
     UPDATE operations o SET lease_owner = $1, lease_expires_at = $2
     FROM due WHERE o.id = due.id
     RETURNING o.*`,
    [args.owner, args.now + args.leaseMs, args.now, Math.max(0, args.limit)],
  );
  return rows.map(toOperation).sort(byNextPoll);
}

/**
 * Applies the fields present in `patch` only while `owner` holds the lease (column names come
 * from the table above, values are parameters). `release` also frees the lease.
 */
export async function updateOperation(
  conn: Conn,
  id: string,
  owner: string,
  patch: OperationPatch,
  now: number,
  options: { release?: boolean } = {},
): Promise<boolean> {
  const sql: string[] = [];
  const values: unknown[] = [];
  const withTime: OperationPatch = { ...patch, updatedAt: patch.updatedAt ?? now };
  for (const [key, column] of Object.entries(patchColumns) as [keyof OperationPatch, string][]) {
    const value = withTime[key];
    if (value === undefined) continue;
    values.push(key === 'meta' ? toJson(value) : value);
    sql.push(`${column} = $${values.length}${key === 'meta' ? '::jsonb' : ''}`);
  }
  if (options.release) sql.push('lease_owner = NULL', 'lease_expires_at = NULL');
  values.push(id, owner);
  const changed = await execute(
    conn,
    `UPDATE operations SET ${sql.join(', ')} WHERE id = $${values.length - 1} AND lease_owner = $${values.length}`,
    values,
  );
  return changed === 1;
}

export async function extendLease(db: Db, id: string, owner: string, until: number): Promise<boolean> {
  const changed = await execute(
    db,
    `UPDATE operations SET lease_expires_at = $1 WHERE id = $2 AND lease_owner = $3 AND state = 'active'`,
    [until, id, owner],
  );
  return changed === 1;
}

export async function recordPoll(
  db: Db,
  id: string,
  owner: string,
  patch: OperationPatch,
  messages: readonly NewOutboxMessage[],
  now: number,
): Promise<boolean> {
  return withTx(db, async (tx) => {
    if (!(await updateOperation(tx, id, owner, patch, now, { release: true }))) return false;
    await enqueueAll(tx, id, messages, now);
    return true;
  });
}

export async function completeOperation(
  db: Db,
  id: string,
  owner: string,
  args: CompleteOperationArgs,
  messages: readonly NewOutboxMessage[],
  now: number,
): Promise<boolean> {
  return withTx(db, async (tx) => {
    const changed = await execute(
      tx,
      `UPDATE operations SET state = $1, status = $2, terminal_at = $3, updated_at = $3,
         last_error = COALESCE($4, last_error), lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $5 AND lease_owner = $6 AND state = 'active'`,
      [args.state, args.status, args.at, args.lastError ?? null, id, owner],
    );
    if (changed !== 1) return false;
    await enqueueAll(tx, id, messages, now);
    return true;
  });
}

export async function releaseLease(db: Db, owner: string): Promise<number> {
  return withTx(db, async (tx) => {
    const operations = await execute(
      tx,
      'UPDATE operations SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = $1',
      [owner],
    );
    const messages = await execute(
      tx,
      `UPDATE outbox SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = $1 AND status = 'pending'`,
      [owner],
    );
    return operations + messages;
  });
}

/** How many recent durations are kept per (provider, action). */
export const durationWindow = 20;

export async function recordDuration(
  db: Db,
  provider: ProviderName,
  action: string,
  ms: number,
  now: number,
): Promise<void> {
  await withTx(db, async (tx) => {
    await execute(
      tx,
      'INSERT INTO operation_durations (provider, action, duration_ms, recorded_at) VALUES ($1, $2, $3, $4)',
      [provider, action, Math.max(0, Math.round(ms)), now],
    );
    await execute(
      tx,
      `DELETE FROM operation_durations WHERE provider = $1 AND action = $2 AND seq NOT IN (
         SELECT seq FROM operation_durations WHERE provider = $1 AND action = $2 ORDER BY seq DESC LIMIT $3)`,
      [provider, action, durationWindow],
    );
  });
}

export async function typicalDuration(
  db: Db,
  provider: ProviderName,
  action: string,
): Promise<number | null> {
  const rows = await query(
    db,
    'SELECT duration_ms FROM operation_durations WHERE provider = $1 AND action = $2 ORDER BY seq DESC LIMIT $3',
    [provider, action, durationWindow],
  );
  const values = rows.map((row) => num(row.duration_ms)).sort((a, b) => a - b);
  if (values.length === 0) return null;
  const mid = Math.floor(values.length / 2);
  return values.length % 2 === 1 ? values[mid]! : Math.round((values[mid - 1]! + values[mid]!) / 2);
}
