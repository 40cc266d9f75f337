import Database from 'better-sqlite3';
import { AppError } from '../../errors.js';
import type { Migration } from '../migrations/index.js';

export type Db = Database.Database;

/** How long a writer waits for another connection's write lock before giving up. */
export const busyTimeoutMs = 5_000;

/**
 * Opens a SQLite file with the settings every connection needs: WAL (readers never block the
 * writer), a busy timeout (two processes wait for each other instead of failing at once) and
 * foreign keys (off by default in SQLite).
 */
export function openDatabase(filename: string): Db {
  let db: Db;
  try {
    db = new Database(filename);
  } catch (cause) {
    throw new AppError('store_open_failed', `Cannot open the SQLite database at ${filename}`, { cause });
  }
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  if (filename !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Runs `fn` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so two
 * connections never both read and then deadlock upgrading to write (SQLITE_BUSY mid-transaction).
 */
export function writeTx<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/**
 * Applies the migrations the database has not recorded, each with its `schema_migrations` row,
 * in one immediate transaction: a second process opening at the same time waits, then finds
 * them applied. Returns how many migrations are recorded afterwards.
 */
export function migrate(db: Db, migrations: readonly Migration[], now: number): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  return writeTx(db, () => {
    const applied = new Set(
      db
        .prepare('SELECT version FROM schema_migrations')
        .pluck()
        .all()
        .map((v) => Number(v)),
    );
    const insert = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sqlite);
      insert.run(migration.version, migration.name, now);
    }
    return Number(db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get());
  });
}
