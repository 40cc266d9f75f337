import { resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type SqliteStatement,
} from 'kysely';
import { AppError } from '../../errors.js';
import type { ColumnTypes, Engine } from '../engine.js';
import type { Database } from '../schema.js';

/** How long a writer waits for another process's write lock before giving up. */
export const busyTimeoutMs = 5_000;

/** Hands one holder at a time the right to use a file, in the order they asked. */
class FileTurn {
  #tail: Promise<void> = Promise.resolve();

  async take(): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const before = this.#tail;
    this.#tail = before.then(() => mine);
    await before;
    return release;
  }
}

/** One turn per file per process, shared by every connection this process opens on it. */
const turns = new Map<string, FileTurn>();

/**
 * Every transaction takes the write lock up front (`BEGIN IMMEDIATE`): two processes on one file
 * then wait for each other (busy_timeout) instead of both reading and one failing with
 * SQLITE_BUSY when it upgrades to write. Kysely's own driver begins deferred transactions.
 *
 * Connections of the same process also take turns on the file: a transaction here spans several
 * awaits, and a second connection's BEGIN IMMEDIATE would otherwise block the event loop the first
 * one needs to commit, until busy_timeout gives up.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #turn: FileTurn;
  #release: (() => void) | null = null;

  constructor(config: ConstructorParameters<typeof SqliteDriver>[0], turn: FileTurn) {
    super(config);
    this.#turn = turn;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.#release = await this.#turn.take();
    return connection;
  }

  override async releaseConnection(): Promise<void> {
    this.#release?.();
    this.#release = null;
    await super.releaseConnection();
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('BEGIN IMMEDIATE'));
  }
}

/** Kysely prepares every statement anew; the store runs the same few dozen all the time. */
function cachingStatements(db: BetterSqlite3.Database, size = 256): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = db.prepare(sql) as unknown as SqliteStatement;
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

const types: ColumnTypes = {
  time: 'INTEGER',
  json: 'TEXT',
  real: 'REAL',
  serialKey: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  appendOnly: (table) => [
    `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
     BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
    `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
     BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
  ],
};

/**
 * A SQLite file through better-sqlite3: WAL (readers never block the writer), a busy timeout (two
 * processes wait for each other) and foreign keys (off by default in SQLite).
 */
export function openSqliteEngine(filename: string): Engine {
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(filename);
  } catch (cause) {
    throw new AppError('store_open_failed', `Cannot open the SQLite database at ${filename}`, { cause });
  }
  raw.pragma(`busy_timeout = ${busyTimeoutMs}`);
  if (filename !== ':memory:') raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  const database = cachingStatements(raw);
  const file = resolve(filename);
  const turn = filename === ':memory:' ? new FileTurn() : (turns.get(file) ?? new FileTurn());
  if (filename !== ':memory:') turns.set(file, turn);
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new ImmediateSqliteDriver({ database }, turn),
      createIntrospector: (k) => new SqliteIntrospector(k),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
  return {
    name: 'sqlite',
    db,
    types,
    skipLocked: (query) => query,
    lockRow: (query) => query,
    lockOrderGroup: async () => undefined,
    readJson: (value) => (typeof value === 'string' ? JSON.parse(value) : null),
    isUniqueViolation: (error) =>
      (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
      (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY',
    withMigrationLock: (fn) => db.transaction().execute(fn),
    close: () => db.destroy(),
  };
}
