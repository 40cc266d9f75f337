/**
 * Starts and talks to test/store/fixtures/race-worker.ts, a separate process that opens the store
 * DATABASE_URL it is given (a SQLite file or a postgres:// URL) and races other workers on it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

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
