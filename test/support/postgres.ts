/**
 * PostgreSQL for test files. The server comes from, in order: TEST_DATABASE_URL (a superuser or a
 * role with CREATEDB), the run's throwaway server started by postgres-global-setup.ts, or a
 * throwaway server this file starts itself (stopped in afterAll). Each file works in its own
 * fresh database, so files run in parallel on one server.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { startThrowawayPostgres } from './postgres-server.js';

export interface TestDatabase {
  readonly name: string;
  /** The server URL with this database's name in its path. */
  readonly url: string;
  drop(): Promise<void>;
}

export interface PostgresForTests {
  /** An admin URL of the server (its maintenance database). */
  readonly serverUrl: string;
  /** Creates an empty database with a random name; dropped in afterAll if the test did not. */
  createDatabase(): Promise<TestDatabase>;
}

type Resolved = { readonly url: string } | { readonly url: null; readonly reason: string };

/**
 * The server URL the tests should use, or why there is none. Starts a throwaway server (and
 * registers its stop in afterAll) only when neither TEST_DATABASE_URL nor the global setup gave one.
 */
export async function postgresUrlForTests(): Promise<Resolved> {
  const fromEnv = process.env.TEST_DATABASE_URL?.trim();
  if (fromEnv) return { url: fromEnv };
  const provided = inject('postgresUrl');
  if (provided) return { url: provided };
  const unavailable = inject('postgresUnavailable');
  if (unavailable) return { url: null, reason: unavailable };
  const started = await startThrowawayPostgres();
  if (!started.ok) return { url: null, reason: started.reason };
  afterAll(() => started.stop());
  return { url: started.url };
}

/** `serverUrl` with another database name in its path (query and credentials kept). */
export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.href;
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `vps_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  return {
    name,
    url: withDatabase(serverUrl, name),
    // FORCE (PostgreSQL 13+) ends connections a failed test left open.
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * What a PostgreSQL test file calls at its top level. Without a server it returns null after a
 * console note (use `describe.skipIf(!postgres)`), except on CI (`CI=true`), where it throws so the
 * file fails loudly instead of passing with its tests skipped.
 */
export async function postgresForTestFile(label: string): Promise<PostgresForTests | null> {
  const resolved = await postgresUrlForTests();
  if (resolved.url === null) {
    const why = `no PostgreSQL for "${label}": ${resolved.reason}`;
    if (process.env.CI === 'true') {
      throw new Error(`CI=true requires the PostgreSQL tests to run, but there is ${why}`);
    }
    console.warn(
      `SKIPPING the PostgreSQL tests: ${why}. Set TEST_DATABASE_URL or install PostgreSQL (apt-get install postgresql).`,
    );
    return null;
  }
  const serverUrl = resolved.url;
  const created: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of created.splice(0)) await db.drop();
  });
  return {
    serverUrl,
    createDatabase: async () => {
      const db = await createTestDatabase(serverUrl);
      created.push(db);
      return db;
    },
  };
}
