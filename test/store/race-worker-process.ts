/**
 * Starts and talks to test/store/fixtures/race-worker.ts, a separate process that opens the store
 * DATABASE_URL it is given (a SQLite file or a postgres:// URL) and races other workers on it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { openStore } from '../../src/store/open-store.js';

const workerScript = fileURLToPath(new URL('./fixtures/race-worker.ts', import.meta.url));

/** What one worker won, as it prints it. */
export interface WorkerResult {
  interactions: number;
  confirmations: number;
  completions: number;
  operations: string[];
}

/**
 * Starts a worker with argv `<database url> <worker name> <confirmation id> <approval id>`;
 * `nextLine` resolves its stdout lines one by one ("ready", then one JSON WorkerResult).
 */
export function startWorker(args: string[]): { child: ChildProcess; nextLine: () => Promise<string> } {
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

/**
 * Seeds one confirmation, one approval needing five votes and 30 operations in the store at
 * `databaseUrl`, then races three workers on them and checks each was won exactly once. Every
 * worker started is pushed to `children`, so the caller's afterEach can kill stragglers.
 */
export async function raceThreeWorkers(databaseUrl: string, children: ChildProcess[]): Promise<void> {
  const store = await openStore(databaseUrl, { clock: systemClock });
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

  const workers = ['w1', 'w2', 'w3'].map((name) =>
    startWorker([databaseUrl, name, confirmation.id, approval.id]),
  );
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
}
