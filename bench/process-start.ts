/**
 * Benchmark 5 — process start → listening. How long `npm start` takes from spawning the process
 * to the bot listening: now (`node dist/main.js`, bundled by `npm run build`), before
 * (`tsx src/main.ts`, TypeScript compiled while loading), and with the build that was not chosen
 * (tsc's file-per-file output). Each start is a fresh process on a fresh copy of an empty,
 * migrated SQLite file, in HTTP mode against the HostUp simulator and the fake Slack; the
 * commands alternate so drift on a shared machine hits each.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../src/clock.js';
import { createHostUpSimulator } from '../src/simulator/hostup/index.js';
import { createFakeSlack } from '../src/simulator/slack/server.js';
import { openStore } from '../src/store/open-store.js';
import { botEnv, sleep } from './lib/loopback.js';
import { fmt, median } from './lib/stats.js';
import type { BenchSection } from './lib/table.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * tsc's file-per-file output, kept under node_modules so the bot's packages resolve from it, with
 * a package.json that makes its files ES modules.
 */
const tscOut = join(root, 'node_modules', '.cache', 'vps-bench-tsc');

/** Each run without npm (it adds the same to each). */
const commands = [
  { name: 'node dist/main.js (bundled: npm start now)', args: ['dist/main.js'] },
  { name: 'node main.js, tsc file per file (not chosen)', args: [join(tscOut, 'main.js')] },
  {
    name: 'tsx src/main.ts (npm start before)',
    args: [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/main.ts'],
  },
] as const;

function build(): void {
  const bundled = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (bundled.status !== 0) throw new Error('npm run build failed');
  rmSync(tscOut, { recursive: true, force: true });
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = [tsc, '-p', 'tsconfig.build.json', '--noEmit', 'false', '--outDir', tscOut];
  if (spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status !== 0) {
    throw new Error('tsc failed');
  }
  writeFileSync(join(tscOut, 'package.json'), '{"type":"module"}\n');
}

export async function processStart(options: { readonly runs: number }): Promise<BenchSection> {
  build();
  const sim = createHostUpSimulator();
  await sim.listen(0, '127.0.0.1');
  const slack = createFakeSlack();
  await slack.listen(0, '127.0.0.1');
  const dir = mkdtempSync(join(tmpdir(), 'vps-bench-process-'));
  try {
    const empty = join(dir, 'empty.db');
    await (await openStore(empty, { clock: systemClock })).close();
    const times: number[][] = commands.map(() => []);
    for (let r = 0; r < options.runs; r++) {
      const order = r % 2 === 0 ? [0, 1, 2] : [2, 1, 0];
      for (const i of order) {
        const db = join(dir, `run-${r}-${i}.db`);
        copyFileSync(empty, db);
        const env = botEnv({ sim, slack, databaseUrl: db, extra: { LOG_LEVEL: 'info' } });
        times[i]!.push(await startToListening(commands[i]!.args, env));
        rmSync(db, { force: true });
        // Let the stopped process's last work (and tsx's own child) leave the CPUs to the next start.
        await sleep(500);
      }
    }
    return section(options.runs, times);
  } finally {
    await slack.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(tscOut, { recursive: true, force: true });
  }
}

/** Spawns the bot and resolves with the ms until it logs the port it listens on; then stops it. */
async function startToListening(args: readonly string[], env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    return await new Promise<number>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`no "listening" line within 30 s:\n${seen}`)), 30_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (/"port":\d+/.test(seen)) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
      child.once('exit', (code) => reject(new Error(`the bot exited (${code}) before listening:\n${seen}`)));
    });
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

function section(runs: number, times: number[][]): BenchSection {
  const sorted = times.map((list) => [...list].sort((a, b) => a - b));
  const [bundled, fileByFile, tsx] = sorted.map((list) => median(list)) as [number, number, number];
  return {
    title: '5. Process start → listening: bundle, tsc output, tsx',
    setup: [
      `${runs} starts each, alternating, each a fresh process (spawned without npm, which adds the same to each) on a fresh copy of an empty, migrated SQLite file, HTTP mode, against the HostUp simulator and the fake Slack on loopback.`,
      'Times in ms from spawn() to the bot\'s "listening" log line (modules loaded, store opened, HTTP listening). Goal for `npm start`: ≤ 500 ms median.',
    ],
    tables: [
      {
        title: 'Process start → listening (ms)',
        columns: ['command', 'median', 'min', 'max'],
        rows: commands.map((c, i) => [
          c.name,
          fmt(median(sorted[i]!), 0),
          fmt(sorted[i]![0]!, 0),
          fmt(sorted[i]!.at(-1)!, 0),
        ]),
      },
    ],
    notes: [
      `The bundle starts ${fmt(tsx / bundled, 1)}× as fast as tsx (medians ${fmt(bundled, 0)} vs ${fmt(tsx, 0)} ms) and ${fmt(fileByFile / bundled, 1)}× as fast as tsc's file-per-file output (${fmt(fileByFile, 0)} ms): Node 20 spends most of a start finding and loading some 900 small files.`,
    ],
  };
}
