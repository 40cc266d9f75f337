import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { AppError } from '../../src/errors.js';
import { migrations } from '../../src/store/migrations/index.js';
import { openStore, sqliteFilename } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

/** A loopback port nothing listens on (taken from the OS, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('sqliteFilename', () => {
  it.each([
    ['data/bot.db', 'data/bot.db'],
    ['/var/lib/bot/bot.db', '/var/lib/bot/bot.db'],
    ['sqlite:data/bot.db', 'data/bot.db'],
    ['sqlite://data/bot.db', 'data/bot.db'],
    ['sqlite:///var/lib/bot.db', '/var/lib/bot.db'],
    ['sqlite:///var/lib/bot.db?mode=rwc', '/var/lib/bot.db'],
    ['file:data/bot.db', 'data/bot.db'],
    ['file:///var/lib/bot.db', '/var/lib/bot.db'],
    [':memory:', ':memory:'],
  ])('reads %s as the file %s', (url, file) => {
    expect(sqliteFilename(url)).toBe(file);
  });

  it('refuses a PostgreSQL URL with store_unsupported and never repeats its password', () => {
    for (const url of ['postgres://bot:s3cret@db:5432/bot', 'postgresql://bot:s3cret@db/bot']) {
      let caught: unknown;
      try {
        sqliteFilename(url);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect(caught).toMatchObject({ code: 'store_unsupported' });
      expect((caught as Error).message).not.toContain('s3cret');
    }
  });

  it('refuses other schemes and empty values', () => {
    expect(() => sqliteFilename('mysql://db/bot')).toThrow(
      expect.objectContaining({ code: 'store_unsupported' }),
    );
    expect(() => sqliteFilename('  ')).toThrow(expect.objectContaining({ code: 'store_url_invalid' }));
    expect(() => sqliteFilename('sqlite:')).toThrow(expect.objectContaining({ code: 'store_url_invalid' }));
  });
});

describe('openStore on SQLite', () => {
  let dir: string;
  const opened: Store[] = [];
  const clock = new ManualClock();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vps-open-store-'));
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (url: string) => {
    const store = await openStore(url, { clock });
    opened.push(store);
    return store;
  };

  it('creates the parent directories on first run, from a sqlite: or file: URL', async () => {
    const viaSqlite = join(dir, 'a', 'b', 'bot.db');
    await open(`sqlite://${viaSqlite}`);
    expect(existsSync(viaSqlite)).toBe(true);
    const viaFile = join(dir, 'c', 'bot.db');
    await open(pathToFileURL(viaFile).href);
    expect(existsSync(viaFile)).toBe(true);
  });

  it('takes a postgres URL for PostgreSQL, and never repeats its password when it cannot connect', async () => {
    const port = await closedPort();
    const failure: unknown = await openStore(`postgresql://bot:s3cret@127.0.0.1:${port}/bot`, {
      clock,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'store_open_failed' });
    expect((failure as Error).message).not.toContain('s3cret');
    expect(String((failure as Error).cause)).not.toContain('s3cret');
  });

  it('puts the file in WAL mode and records each migration once after two opens', async () => {
    const file = join(dir, 'bot.db');
    await open(file);
    await open(file);
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      const versions = raw.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
      expect(versions).toEqual(migrations.map((m) => m.version));
    } finally {
      raw.close();
    }
  });

  it('enforces foreign keys: a message cannot point at an operation that does not exist', async () => {
    const store = await open(join(dir, 'bot.db'));
    await expect(
      store.enqueueMessage({ operationId: 'ghost', kind: 'post', channel: 'C1', payload: {} }),
    ).rejects.toThrow(/FOREIGN KEY/);
  });

  it('refuses UPDATE and DELETE on the audit log even through raw SQL', async () => {
    const file = join(dir, 'bot.db');
    const store = await open(file);
    await store.appendAudit({ actor: 'U_ANA', action: 'restart', target: 'vps_1', outcome: 'requested' });
    const raw = new Database(file);
    try {
      expect(() => raw.prepare(`UPDATE audit_log SET outcome = 'approved'`).run()).toThrow(/append-only/);
      expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    } finally {
      raw.close();
    }
    expect((await store.listAudit())[0]?.outcome).toBe('requested');
  });
});
