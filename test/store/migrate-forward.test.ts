import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { migrations } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { postgresForTestFile } from '../support/postgres.js';
import { release01Schema } from './fixtures/release-0.1-schema.js';

/**
 * A database that release 0.1 built and filled, opened by today's code: every row must read back
 * through the Store as it was written, and the store must go on working on it.
 */
const t0 = Date.parse('2026-11-30T12:00:00Z');
const json = (value: unknown) => JSON.stringify(value);

/** One row per table, as release 0.1 wrote them (column → value). */
const rows: Record<string, Record<string, unknown>[]> = {
  confirmations: [
    {
      id: 'c-1',
      requester: 'U_ANA',
      kind: 'power',
      target: 'vps_1',
      payload: json({ request: { kind: 'power', action: 'restart' } }),
      channel: 'C1',
      status: 'pending',
      created_at: t0,
      expires_at: t0 + 300_000,
      decided_by: null,
      decided_at: null,
    },
  ],
  processed_interactions: [{ key: 'U_ANA:a1:1.2', claimed_at: t0 }],
  approvals: [
    {
      id: 'a-1',
      requester: 'U_ANA',
      action_kind: 'restore',
      target: 'vps_1',
      payload: json({ request: { kind: 'restore' } }),
      reason: 'bad deploy',
      channel: 'C1',
      message_ts: '1.000100',
      status: 'pending',
      required_approvals: 2,
      created_at: t0,
      expires_at: t0 + 1_800_000,
      decided_by: null,
      decided_at: null,
      decision_note: null,
      job_id: null,
      error: null,
      updated_at: t0 + 10,
    },
  ],
  approval_votes: [{ approval_id: 'a-1', user_id: 'U_BO', at: t0 + 10, seq: 1 }],
  operations: [
    {
      id: 'op-1',
      provider: 'hostup',
      target_id: 'vps_1',
      target_name: 'web-01',
      action: 'restart',
      requester: 'U_ANA',
      correlation_id: 'corr-1',
      job_id: 'job_1',
      poll_url: '/api/jobs/job_1',
      channel: 'C1',
      root_ts: '1.000200',
      status: 'in_progress',
      progress: 50,
      progress_message: 'Rebooting',
      started_at: t0,
      updated_at: t0 + 20,
      next_poll_at: t0 + 5_000,
      attempts: 3,
      consecutive_failures: 0,
      last_error: null,
      terminal_at: null,
      state: 'active',
      lease_owner: null,
      lease_expires_at: null,
      expected_duration_ms: 40_000,
      meta: json({ subject: { n: 1 } }),
    },
  ],
  operation_durations: [{ provider: 'hostup', action: 'restart', duration_ms: 42_000, recorded_at: t0 }],
  outbox: [
    {
      id: 'm-1',
      operation_id: 'op-1',
      approval_id: null,
      kind: 'post',
      channel: 'C1',
      thread_ts: '1.000200',
      target_ts: null,
      anchor: 'follow',
      payload: json({ type: 'operation.progress' }),
      dedupe_key: 'op-1:status:in_progress',
      order_key: 'operation:op-1',
      status: 'pending',
      attempts: 0,
      next_attempt_at: t0,
      lease_owner: null,
      lease_expires_at: null,
      created_at: t0,
      sent_at: null,
      result_ts: null,
      last_error: null,
    },
  ],
  audit_log: [
    {
      id: 'e-1',
      at: t0,
      actor: 'U_ANA',
      action: 'restore',
      target: 'vps_1',
      outcome: 'requested',
      detail: json({ vpsName: 'web-01' }),
      correlation_id: 'corr-1',
    },
  ],
};

function inserts(placeholder: (n: number) => string): { sql: string; values: unknown[] }[] {
  return Object.entries(rows).flatMap(([table, list]) =>
    list.map((row) => {
      const columns = Object.keys(row);
      return {
        sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => placeholder(i + 1)).join(', ')})`,
        values: Object.values(row),
      };
    }),
  );
}

async function expectEverythingBack(store: Store, clock: ManualClock): Promise<void> {
  expect(store.migrationsApplied()).toBe(migrations.length);
  expect(await store.getConfirmation('c-1')).toMatchObject({
    requester: 'U_ANA',
    status: 'pending',
    expiresAt: t0 + 300_000,
    payload: { request: { kind: 'power', action: 'restart' } },
  });
  expect(await store.claimInteraction('U_ANA:a1:1.2', t0 + 1)).toBe(false);
  const approval = await store.getApproval('a-1');
  expect(approval).toMatchObject({
    status: 'pending',
    requiredApprovals: 2,
    messageTs: '1.000100',
    reason: 'bad deploy',
  });
  expect(approval?.approvals).toEqual([{ userId: 'U_BO', at: t0 + 10 }]);
  expect(await store.getOperation('op-1')).toMatchObject({
    jobId: 'job_1',
    state: 'active',
    progress: 50,
    attempts: 3,
    expectedDurationMs: 40_000,
    meta: { subject: { n: 1 } },
  });
  expect(await store.typicalDuration('hostup', 'restart')).toBe(42_000);
  expect(await store.getMessage('m-1')).toMatchObject({
    status: 'pending',
    dedupeKey: 'op-1:status:in_progress',
    threadTs: '1.000200',
  });
  expect(await store.listAudit()).toEqual([
    expect.objectContaining({
      id: 'e-1',
      outcome: 'requested',
      detail: { vpsName: 'web-01' },
      correlationId: 'corr-1',
    }),
  ]);

  // And it keeps working on the old rows: a second vote completes the request, the old message is
  // claimed, a known job is still refused, the audit trail still refuses edits.
  clock.set(t0 + 1000);
  expect(await store.addApproval('a-1', 'U_CY', clock.now())).toMatchObject({ ok: true, complete: true });
  expect(
    (await store.claimDueMessages({ owner: 'w', now: t0 + 1000, leaseMs: 1000, limit: 5 })).map((m) => m.id),
  ).toEqual(['m-1']);
  // The outbox was rebuilt (migration 004): a new message of the same thread still queues behind it.
  await store.enqueueMessage({
    operationId: 'op-1',
    kind: 'post',
    channel: 'C1',
    anchor: 'follow',
    payload: {},
  });
  expect(await store.claimDueMessages({ owner: 'w', now: t0 + 1000, leaseMs: 1000, limit: 5 })).toEqual([]);
  await expect(
    store.createOperation({
      provider: 'hostup',
      targetId: 'vps_1',
      targetName: 'web-01',
      action: 'restart',
      requester: 'U_ANA',
      correlationId: 'c',
      jobId: 'job_1',
      channel: 'C1',
    }),
  ).rejects.toMatchObject({ code: 'operation_exists' });
  const due = await store.claimDueOperations({ owner: 'w', now: t0 + 5_000, leaseMs: 1000, limit: 5 });
  expect(due.map((o) => o.id)).toEqual(['op-1']);
}

const postgres = await postgresForTestFile('migrating a release 0.1 database');
const pools: pg.Pool[] = [];
afterAll(async () => {
  for (const pool of pools) await pool.end();
});

describe('a database built by release 0.1', () => {
  it('opens on SQLite with every row read back and goes on working', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vps-forward-'));
    try {
      const file = join(dir, 'bot.db');
      const old = new Database(file);
      old.exec(
        'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
      );
      old.exec(release01Schema.sqlite);
      old.prepare('INSERT INTO schema_migrations VALUES (1, ?, ?)').run('initial', t0);
      for (const { sql, values } of inserts(() => '?')) old.prepare(sql).run(...values);
      old.close();

      const clock = new ManualClock(t0);
      const store = await openStore(file, { clock });
      try {
        await expectEverythingBack(store, clock);
        const check = new Database(file, { readonly: true });
        const indexes = check
          .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox'`)
          .pluck()
          .all();
        check.close();
        expect(indexes).not.toContain('outbox_pending');
        expect(indexes).toEqual(expect.arrayContaining(['outbox_pending_group', 'outbox_pending_kind']));
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!postgres)('opens on PostgreSQL with every row read back and goes on working', async () => {
    const db = await postgres!.createDatabase();
    const old = new pg.Pool({ connectionString: db.url, max: 1 });
    pools.push(old);
    await old.query(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    await old.query(release01Schema.postgres);
    await old.query('INSERT INTO schema_migrations VALUES (1, $1, $2)', ['initial', t0]);
    for (const { sql, values } of inserts((n) => `$${n}`)) await old.query(sql, values);

    const clock = new ManualClock(t0);
    const store = await openStore(db.url, { clock });
    try {
      await expectEverythingBack(store, clock);
      await expect(old.query(`UPDATE audit_log SET outcome = 'x'`)).rejects.toThrow(/append-only/);
    } finally {
      await store.close();
    }
  });
});

/** Tables, columns (type, null, default, key) and index definitions of a SQLite file. */
function sqliteShape(file: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      )
      .pluck()
      .all() as string[];
    return tables.map((table) => ({
      table,
      columns: db.prepare(`PRAGMA table_info(${table})`).all(),
      // `seq` in index_list is only the order the indexes were created in.
      indexes: (db.prepare(`PRAGMA index_list(${table})`).all() as { name: string; seq?: number }[])
        .map(({ seq: _, ...index }) => ({
          ...index,
          columns: db.prepare(`PRAGMA index_info(${index.name})`).all(),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }));
  } finally {
    db.close();
  }
}

async function postgresShape(pool: pg.Pool): Promise<unknown> {
  const columns = await pool.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity
     FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`,
  );
  const indexes = await pool.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`,
  );
  const checks = await pool.query(
    `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE connamespace = 'public'::regnamespace ORDER BY conname`,
  );
  return { columns: columns.rows, indexes: indexes.rows, checks: checks.rows };
}

describe('the one migration list', () => {
  it('builds on SQLite the same tables, columns and indexes as release 0.1 after its upgrade', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vps-shape-'));
    try {
      const before = join(dir, 'old.db');
      const old = new Database(before);
      old.exec(
        'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
      );
      old.exec(release01Schema.sqlite);
      old.prepare('INSERT INTO schema_migrations VALUES (1, ?, ?)').run('initial', t0);
      old.close();
      const clock = new ManualClock(t0);
      await (await openStore(before, { clock })).close();
      const fresh = join(dir, 'new.db');
      await (await openStore(fresh, { clock })).close();
      expect(sqliteShape(fresh)).toEqual(sqliteShape(before));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!postgres)(
    'builds on PostgreSQL the same tables, columns, constraints and indexes as release 0.1',
    async () => {
      const clock = new ManualClock(t0);
      const [oldDb, newDb] = [await postgres!.createDatabase(), await postgres!.createDatabase()];
      const old = new pg.Pool({ connectionString: oldDb.url, max: 1 });
      const fresh = new pg.Pool({ connectionString: newDb.url, max: 1 });
      pools.push(old, fresh);
      await old.query(
        'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
      );
      await old.query(release01Schema.postgres);
      await old.query('INSERT INTO schema_migrations VALUES (1, $1, $2)', ['initial', t0]);
      await (await openStore(oldDb.url, { clock })).close();
      await (await openStore(newDb.url, { clock })).close();
      expect(await postgresShape(fresh)).toEqual(await postgresShape(old));
    },
  );
});
