import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { openStore } from '../../src/store/open-store.js';

const workerScript = fileURLToPath(new URL('./fixtures/race-worker.ts', import.meta.url));

interface WorkerResult {
  interactions: number;
  confirmations: number;
  completions: number;
  operations: string[];
}

/** Starts a worker process; resolves its stdout lines one by one. */
function startWorker(args: string[]): { child: ChildProcess; nextLine: () => Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const line = lines.shift();
      if (line !== undefined) return resolve(line);
      waiting.push(resolve);
      child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });
  return { child, nextLine };
}

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
