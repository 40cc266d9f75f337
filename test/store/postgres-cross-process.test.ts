import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, it } from 'vitest';
import { postgresForTestFile } from '../support/postgres.js';
import { raceThreeWorkers } from './race-worker-process.js';

const postgres = await postgresForTestFile('PostgreSQL store across processes');

describe.skipIf(!postgres)('PostgreSQL store shared by several processes', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
  });

  it('gives every key, confirmation, quorum and operation to exactly one of three racing processes', async () => {
    const { url } = await postgres!.createDatabase();
    // The URL carries no password: the test server trusts loopback connections.
    await raceThreeWorkers(url, children);
  }, 60_000);
});
