import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { postgresForTestFile, type TestDatabase } from '../support/postgres.js';
import { describeStoreContract, type StoreHarness } from './store-contract.js';

const postgres = await postgresForTestFile('PostgreSQL store contract');

describe.skipIf(!postgres)('PostgreSQL', () => {
  let database: TestDatabase;
  let admin: pg.Pool;

  beforeAll(async () => {
    database = await postgres!.createDatabase();
    admin = new pg.Pool({ connectionString: database.url, max: 2 });
  });
  afterAll(async () => {
    await admin?.end();
  });

  /**
   * A fresh schema per test in this file's database; `openAnother` is a second pool on it, as a
   * second replica would hold. Small pools keep many files on one server within max_connections.
   */
  async function makePostgresHarness(): Promise<StoreHarness> {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const clock = new ManualClock();
    const opened: Store[] = [];
    const open = async () => {
      const store = await openStore(database.url, { clock, postgres: { schema, poolSize: 6 } });
      opened.push(store);
      return store;
    };
    const store = await open();
    return {
      store,
      clock,
      openAnother: open,
      dispose: async () => {
        for (const s of opened) await s.close();
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      },
    };
  }

  describeStoreContract('PostgreSQL', makePostgresHarness);
});
