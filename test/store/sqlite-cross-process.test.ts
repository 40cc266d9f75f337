import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'vitest';
import { raceThreeWorkers } from './race-worker-process.js';

describe('SQLite store shared by several processes', () => {
  const children: ChildProcess[] = [];
  let dir = '';
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives every key, confirmation, quorum and operation to exactly one of three racing processes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vps-store-procs-'));
    await raceThreeWorkers(join(dir, 'bot.db'), children);
  }, 60_000);
});
