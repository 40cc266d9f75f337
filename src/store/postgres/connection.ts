import pg from 'pg';
import { AppError } from '../../errors.js';
import type { Migration } from '../migrations/index.js';

export type Db = pg.Pool;
/** A pool (one statement, autocommit) or a client inside a transaction. */
export type Conn = pg.Pool | pg.PoolClient;
/** A row as node-postgres returns it (BIGINT already a number, JSONB already parsed). */
export type Row = Record<string, unknown>;

/**
 * Epoch-ms times live in BIGINT columns, which node-postgres hands back as strings by default
 * (an int8 may exceed 2^53). Ours never do, so this pool reads int8 — and COUNT(*) — as numbers.
 * Set per pool rather than globally so nothing else in the process changes.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PoolOptions {
  /** Tables live in this schema (search_path) instead of the connection's default. */
  readonly schema?: string;
  /** Most connections this pool opens; defaults to 10. */
  readonly max?: number;
  /** Called with errors of idle connections (server restart, network cut): they must not crash the bot. */
  readonly onIdleError?: (error: Error) => void;
}

/** A schema name safe to put in a search_path without quoting games. */
const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

export function createPool(connectionString: string, options: PoolOptions = {}): Db {
  if (options.schema !== undefined && !schemaPattern.test(options.schema)) {
    throw new AppError(
      'store_url_invalid',
      'The PostgreSQL schema name must be lower-case letters, digits, _',
    );
  }
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    types,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  return pool;
}

export async function query(conn: Conn, sql: string, values: unknown[] = []): Promise<Row[]> {
  return (await conn.query<Row>(sql, values)).rows;
}

export async function queryOne(conn: Conn, sql: string, values: unknown[] = []): Promise<Row | undefined> {
  return (await conn.query<Row>(sql, values)).rows[0];
}

/** How many rows a statement changed. */
export async function execute(conn: Conn, sql: string, values: unknown[] = []): Promise<number> {
  return (await conn.query(sql, values)).rowCount ?? 0;
}

/**
 * Runs `fn` in a READ COMMITTED transaction on one pooled client: committed if it resolves,
 * rolled back if it throws. Guards are conditional statements and row locks taken inside `fn`,
 * so replicas on the same database never both win a transition.
 */
export async function withTx<T>(db: Db, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      // The connection itself failed; do not hand it back to the pool.
      broken = true;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/** True for PostgreSQL's unique_violation, optionally on one named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

/**
 * The key of the transaction-scoped advisory lock every migrating process takes first: replicas
 * starting together apply the migrations one after another, and each later one finds them done.
 */
export const migrationLockKey = 7_470_001_000_001;

/**
 * Applies the migrations the database has not recorded, each with its `schema_migrations` row,
 * in one transaction under `pg_advisory_xact_lock`. Creating `schema_migrations` happens under
 * the lock too (and so does creating a named schema): two sessions racing on CREATE … IF NOT
 * EXISTS can otherwise both try to create it and one fails. Returns how many migrations are recorded afterwards.
 */
export async function migrate(
  db: Db,
  migrations: readonly Migration[],
  now: number,
  schema?: string,
): Promise<number> {
  return withTx(db, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
    // The name was checked against schemaPattern in createPool, so it is safe to interpolate.
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at BIGINT NOT NULL
    )`);
    const applied = new Set(
      (await query(client, 'SELECT version FROM schema_migrations')).map((row) => Number(row.version)),
    );
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.postgres);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        now,
      ]);
    }
    const count = await queryOne(client, 'SELECT COUNT(*) AS count FROM schema_migrations');
    return Number(count?.count);
  });
}
