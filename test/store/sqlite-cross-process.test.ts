import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { openStore } from '../../src/store/open-store.js';
import { startWorker, type WorkerResult } from './race-worker-process.js';

describe('SQLite store shared by several processes', () => {
  const children: ChildProcess[] = [];
  let dir = '';
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives every key, confirmation, quorum and operation to exactly one of three racing processes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vps-store-procs-'));
    const file = join(dir, 'bot.db');
    const store = await openStore(file, { clock: systemClock });
    const now = systemClock.now();
    const confirmation = await store.createConfirmation({
      requester: 'U_ANA',
      kind: 'power',
      target: 'vps_1',
      payload: {},
      channel: 'C1',
      expiresAt: now + 600_000,
    });
    const approval = await store.createApproval({
      requester: 'U_ANA',
      actionKind: 'restore_snapshot',
      target: 'vps_1',
      payload: {},
      reason: 'r',
      channel: 'C1',
      requiredApprovals: 5,
      expiresAt: now + 600_000,
    });
    const created: string[] = [];
    for (let i = 0; i < 30; i++) {
      const op = await store.createOperation({
        provider: 'hostup',
        targetId: `vps_${i}`,
        targetName: `web-${i}`,
        action: 'restart',
        requester: 'U_ANA',
        correlationId: `c${i}`,
        channel: 'C1',
      });
      created.push(op.id);
    }
    await store.close();

    const workers = ['w1', 'w2', 'w3'].map((name) => startWorker([file, name, confirmation.id, approval.id]));
    children.push(...workers.map((w) => w.child));
    for (const w of workers) expect(await w.nextLine()).toBe('ready');
    for (const w of workers) w.child.stdin!.write('go\n');
    const results = (await Promise.all(workers.map((w) => w.nextLine()))).map(
      (line) => JSON.parse(line) as WorkerResult,
    );

    const sum = (pick: (r: WorkerResult) => number) => results.reduce((total, r) => total + pick(r), 0);
    expect(sum((r) => r.interactions)).toBe(100);
    expect(sum((r) => r.confirmations)).toBe(1);
    expect(sum((r) => r.completions)).toBe(1);
    const claimed = results.flatMap((r) => r.operations);
    expect(claimed.sort()).toEqual([...created].sort());
  }, 60_000);
});
