import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { migrations } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { postgresForTestFile } from '../support/postgres.js';
import { race } from './contract/harness.js';

const postgres = await postgresForTestFile('PostgreSQL store replicas');

/** Polls `check` every 10 ms until it is true; fails after 5 s. */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 5000; !(await check()); ) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.skipIf(!postgres)('PostgreSQL store shared by several replicas', () => {
  const clock = new ManualClock();
  const opened: Store[] = [];
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    for (const pool of pools.splice(0)) await pool.end();
  });
  const open = async (url: string) => {
    const store = await openStore(url, { clock });
    opened.push(store);
    return store;
  };
  const raw = (url: string) => {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    pools.push(pool);
    return pool;
  };

  it('migrates a fresh database once when six replicas start at the same moment', async () => {
    const db = await postgres!.createDatabase();
    const stores = await race(6, () => open(db.url));
    for (const store of stores) expect(store.engine).toBe('postgres');
    for (const store of stores) expect(store.migrationsApplied()).toBe(migrations.length);
    const { rows } = await raw(db.url).query('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    await stores[0]!.appendAudit({ actor: 'a', action: 'b', target: 't', outcome: 'requested' });
    expect(await stores[5]!.listAudit()).toHaveLength(1);
  });

  it('keeps times as BIGINT and data as JSONB, and reads them back as numbers and values', async () => {
    const db = await postgres!.createDatabase();
    const store = await open(db.url);
    const big = Date.parse('2286-11-20T17:46:40Z');
    const created = await store.createConfirmation({
      requester: 'U_ANA',
      kind: 'power',
      target: 'vps_1',
      payload: ['restart', { names: ['web-01'], force: false, n: 1.5 }],
      channel: 'C1',
      expiresAt: big,
    });
    expect(await store.getConfirmation(created.id)).toMatchObject({
      expiresAt: big,
      payload: ['restart', { names: ['web-01'], force: false, n: 1.5 }],
    });
    const { rows } = await raw(db.url).query(
      `SELECT column_name, data_type FROM information_schema.columns
       WHERE table_name = 'confirmations' AND column_name IN ('expires_at', 'payload') ORDER BY column_name`,
    );
    expect(rows).toEqual([
      { column_name: 'expires_at', data_type: 'bigint' },
      { column_name: 'payload', data_type: 'jsonb' },
    ]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit log even through raw SQL', async () => {
    const db = await postgres!.createDatabase();
    const store = await open(db.url);
    await store.appendAudit({ actor: 'U_ANA', action: 'restart', target: 'vps_1', outcome: 'requested' });
    const sql = raw(db.url);
    await expect(sql.query(`UPDATE audit_log SET outcome = 'approved'`)).rejects.toThrow(/append-only/);
    await expect(sql.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(sql.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect((await store.listAudit())[0]?.outcome).toBe('requested');
  });

  it('sends one order group in commit order while two replicas enqueue and send at once', async () => {
    const db = await postgres!.createDatabase();
    const [a, b] = [await open(db.url), await open(db.url)] as [Store, Store];
    const total = 40;
    let sentCounter = 0;
    const enqueue = race(total, (i) =>
      (i % 2 ? b : a).enqueueMessage({ kind: 'post', channel: 'C1', threadTs: '1.0', payload: { i } }),
    );
    const sender = async (store: Store, owner: string) => {
      for (let spins = 0; spins < 20_000; spins++) {
        const batch = await store.claimDueMessages({ owner, now: clock.now(), leaseMs: 60_000, limit: 5 });
        expect(batch.length).toBeLessThanOrEqual(1);
        for (const message of batch) {
          // The counter is taken before the send commits and the next claim can only see the
          // group free after that commit, so sent_at order is the order the group went out.
          const sent = await store.markMessageSent(message.id, owner, { ts: null, now: ++sentCounter });
          expect(sent).toBe(true);
        }
        if (sentCounter >= total) return;
      }
    };
    await Promise.all([enqueue, sender(a, 'replica-a'), sender(b, 'replica-b')]);
    expect(await a.outboxDepth()).toBe(0);
    const { rows } = await raw(db.url).query('SELECT seq, sent_at FROM outbox ORDER BY seq');
    expect(rows).toHaveLength(total);
    const sentAt = rows.map((r) => Number(r.sent_at));
    expect(sentAt).toEqual([...sentAt].sort((x, y) => x - y));
  });

  it('does not hand out a later message of a group while an earlier one is still being committed', async () => {
    const db = await postgres!.createDatabase();
    const [a, b] = [await open(db.url), await open(db.url)] as [Store, Store];
    const sql = raw(db.url);
    const approval = await a.createApproval({
      requester: 'U_ANA',
      actionKind: 'restore_snapshot',
      target: 'vps_1',
      payload: {},
      reason: 'r',
      channel: 'C1',
      requiredApprovals: 1,
      expiresAt: clock.now() + 60_000,
    });
    const waitingOnLocks = async () => {
      const { rows } = await sql.query(
        `SELECT COUNT(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      return Number(rows[0].n);
    };
    // Replica A's transaction draws a seq for "first" in group G, then stalls on a row lock.
    const blocker = await sql.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT id FROM approvals WHERE id = $1 FOR UPDATE', [approval.id]);
    const creating = a.createOperation(
      {
        provider: 'hostup',
        targetId: 'vps_1',
        targetName: 'web-01',
        action: 'restart',
        requester: 'U_ANA',
        correlationId: 'c1',
        channel: 'C1',
      },
      {
        messages: [
          { kind: 'post', channel: 'C1', orderKey: 'G', payload: { text: 'first' } },
          { kind: 'post', channel: 'C1', orderKey: 'H', approvalId: approval.id, payload: { text: 'other' } },
        ],
      },
    );
    try {
      await waitFor(async () => (await waitingOnLocks()) === 1);
      // Replica B enqueues "second" into G meanwhile: it must queue behind A, not commit first.
      let enqueued = false;
      const enqueuing = b
        .enqueueMessage({ kind: 'post', channel: 'C1', orderKey: 'G', payload: { text: 'second' } })
        .then(() => {
          enqueued = true;
        });
      await waitFor(async () => enqueued || (await waitingOnLocks()) === 2);
      const meanwhile = await b.claimDueMessages({ owner: 'b', now: clock.now(), leaseMs: 60_000, limit: 5 });
      expect(meanwhile.map((m) => m.payload)).not.toContainEqual({ text: 'second' });
      await blocker.query('COMMIT');
      await Promise.all([creating, enqueuing]);
    } finally {
      blocker.release();
    }
    const [first] = await b.claimDueMessages({ owner: 'b', now: clock.now(), leaseMs: 60_000, limit: 5 });
    expect(first?.payload).toEqual({ text: 'first' });
    await b.markMessageSent(first!.id, 'b', { ts: '1.1', now: clock.now() });
    const [second] = await b.claimDueMessages({ owner: 'b', now: clock.now(), leaseMs: 60_000, limit: 5 });
    expect(second?.payload).toEqual({ text: 'second' });
  });

  it('lets a second replica take over a crashed one’s operation when its lease ends', async () => {
    const db = await postgres!.createDatabase();
    const [a, b] = [await open(db.url), await open(db.url)] as [Store, Store];
    const op = await a.createOperation({
      provider: 'hostup',
      targetId: 'vps_1',
      targetName: 'web-01',
      action: 'restart',
      requester: 'U_ANA',
      correlationId: 'c1',
      jobId: 'job_1',
      channel: 'C1',
    });
    const leaseMs = 30_000;
    expect(await a.claimDueOperations({ owner: 'a', now: clock.now(), leaseMs, limit: 5 })).toHaveLength(1);
    await a.close(); // "crash": the lease stays in the database
    const early = await b.claimDueOperations({
      owner: 'b',
      now: clock.now() + leaseMs - 1,
      leaseMs,
      limit: 5,
    });
    expect(early).toEqual([]);
    const late = await b.claimDueOperations({ owner: 'b', now: clock.now() + leaseMs, leaseMs, limit: 5 });
    expect(late.map((o) => [o.id, o.leaseOwner])).toEqual([[op.id, 'b']]);
  });
});
