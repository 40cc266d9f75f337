import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { AppError } from '../../errors.js';
import type { ColumnTypes, Engine } from '../engine.js';
import type { Database } from '../schema.js';

export interface PostgresOptions {
  /** Tables live in this schema (search_path, created if missing) instead of the connection's default. */
  readonly schema?: string;
  /** Most connections the pool opens; defaults to 10. */
  readonly poolSize?: number;
  /** Errors of idle connections (server restart, network cut): they must not crash the bot. */
  readonly onIdleError?: (error: Error) => void;
}

/**
 * Epoch-ms times live in BIGINT columns, which node-postgres hands back as strings by default
 * (an int8 may exceed 2^53). Ours never do, so this pool reads int8 — and COUNT(*) — as numbers.
 * Set per pool rather than globally so nothing else in the process changes.
 */
const int8AsNumber: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** A schema name safe to put in a search_path without quoting games. */
const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The key of the transaction-scoped advisory lock every migrating process takes first: replicas
 * starting together apply the migrations one after another, and each later one finds them done.
 */
export const migrationLockKey = 7_470_001_000_001;
/** First key of the two-part advisory locks that serialise enqueues into one outbox order group. */
export const orderGroupLockSpace = 74_700;

const types: ColumnTypes = {
  time: 'BIGINT',
  json: 'JSONB',
  real: 'DOUBLE PRECISION',
  serialKey: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
  appendOnly: (table) => [
    `CREATE FUNCTION ${table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
     BEGIN RAISE EXCEPTION '${table} is append-only'; END $fn$`,
    `CREATE TRIGGER ${table}_no_update_or_delete BEFORE UPDATE OR DELETE ON ${table}
     FOR EACH ROW EXECUTE FUNCTION ${table}_append_only()`,
    `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
     FOR EACH STATEMENT EXECUTE FUNCTION ${table}_append_only()`,
  ],
};

/**
 * PostgreSQL through a `pg` pool, for several replicas on one database. Errors never repeat the
 * connection string: it may carry a password.
 */
export async function openPostgresEngine(
  connectionString: string,
  options: PostgresOptions = {},
): Promise<Engine> {
  const { schema } = options;
  if (schema !== undefined && !schemaPattern.test(schema)) {
    throw new AppError(
      'store_url_invalid',
      'The PostgreSQL schema name must be lower-case letters, digits, _',
    );
  }
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    types: int8AsNumber,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  try {
    await pool.query('SELECT 1');
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new AppError('store_open_failed', 'Cannot connect to the PostgreSQL database', { cause });
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    name: 'postgres',
    db,
    types,
    skipLocked: (query) => query.forUpdate().skipLocked(),
    lockRow: (query) => query.forNoKeyUpdate(),
    lockOrderGroup: async (tx, orderKey) => {
      await sql`SELECT pg_advisory_xact_lock(${orderGroupLockSpace}, hashtext(${orderKey}))`.execute(tx);
    },
    readJson: (value) => (value === undefined ? null : value),
    isUniqueViolation: (error) => (error as { code?: unknown } | null)?.code === '23505',
    withMigrationLock: (fn) =>
      db.transaction().execute(async (tx) => {
        await sql`SELECT pg_advisory_xact_lock(${migrationLockKey})`.execute(tx);
        // Under the lock: two sessions racing on CREATE … IF NOT EXISTS can otherwise both try and
        // one fails. The name was checked against schemaPattern above.
        if (schema) await sql.raw(`CREATE SCHEMA IF NOT EXISTS ${schema}`).execute(tx);
        return fn(tx);
      }),
    close: () => db.destroy(),
  };
}
