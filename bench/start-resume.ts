/**
 * Benchmark 4 — start and resume. How long the bot takes from start to ready (HTTP listening and
 * the tracker's first claim) when its store holds `operations` operations to resume after a
 * restart, against an empty store as the baseline. Each start is a fresh process on a fresh copy
 * of the same SQLite file; the two kinds alternate so drift on a shared machine hits both.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/clock.js';
import { createHostUpSimulator, type HostUpSimulator } from '../src/simulator/hostup/index.js';
import { createFakeSlack } from '../src/simulator/slack/server.js';
import { openStore } from '../src/store/open-store.js';
import { startBotProcess } from './lib/child.js';
import { planJobs } from './lib/job-mix.js';
import { botEnv, waitUntil } from './lib/loopback.js';
import { seedOperations } from './lib/seed-operations.js';
import { fmt, mulberry32 } from './lib/stats.js';
import type { BenchSection } from './lib/table.js';

export interface StartResumeOptions {
  readonly operations: number;
  /** Starts per kind. Default 5. */
  readonly runs: number;
}

interface StartRun {
  readonly importedMs: number;
  readonly listeningMs: number;
  readonly firstPollMs: number | null;
  readonly allPolledMs: number | null;
  readonly maxRssMb: number;
}

const pollPath = /^\/api\/jobs\//;

export async function startResume(options: StartResumeOptions): Promise<BenchSection> {
  const sim = createHostUpSimulator({ count: options.operations });
  await sim.listen(0, '127.0.0.1');
  const slack = createFakeSlack();
  await slack.listen(0, '127.0.0.1');
  const dir = mkdtempSync(join(tmpdir(), 'vps-bench-start-'));
  try {
    const empty = join(dir, 'empty.db');
    await (await openStore(empty, { clock: systemClock })).close();
    const full = join(dir, 'resume.db');
    const store = await openStore(full, { clock: systemClock });
    // Real job lengths (seconds to minutes), every root message already in Slack, every poll due:
    // the state a restarted bot finds.
    await seedOperations({
      sim,
      store,
      jobs: planJobs(options.operations, mulberry32(11), (i) => (i + 1) % 10 === 0),
      scale: 1,
      channelFor: (i) => `CBENCH${String(i % 20).padStart(2, '0')}`,
      firstPollMs: 0,
      expectedMs: () => null,
      root: 'already-sent',
    });
    await store.close();

    const runs: Record<'empty' | 'resume', StartRun[]> = { empty: [], resume: [] };
    for (let r = 0; r < options.runs; r++) {
      const order: ('empty' | 'resume')[] = r % 2 === 0 ? ['empty', 'resume'] : ['resume', 'empty'];
      for (const kind of order) {
        const db = join(dir, `run-${r}-${kind}.db`);
        copyFileSync(kind === 'empty' ? empty : full, db);
        runs[kind].push(await startOnce(sim, botEnv({ sim, slack, databaseUrl: db }), kind === 'resume'));
        rmSync(db, { force: true });
      }
    }
    return section(options, runs);
  } finally {
    await slack.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function startOnce(
  sim: HostUpSimulator,
  env: Record<string, string>,
  resume: boolean,
): Promise<StartRun> {
  const from = sim.requests.length;
  const bot = await startBotProcess({ kind: 'bot', env });
  const { ready } = bot;
  const startedAt = ready.timeOrigin + ready.startCalledMs;
  let firstPollMs: number | null = null;
  let allPolledMs: number | null = null;
  if (resume) {
    const seen = new Set<string>();
    let scanned = from;
    await waitUntil(
      () => {
        for (; scanned < sim.requests.length; scanned++) {
          const request = sim.requests[scanned]!;
          if (request.method !== 'GET' || !pollPath.test(request.path)) continue;
          firstPollMs ??= request.at - startedAt;
          seen.add(request.path);
          if (seen.size === sim.jobs.length) allPolledMs = request.at - startedAt;
        }
        return allPolledMs !== null;
      },
      60_000,
      20,
    );
  }
  const report = await bot.stop();
  return {
    importedMs: ready.importedMs,
    listeningMs: ready.listeningMs - ready.startCalledMs,
    firstPollMs,
    allPolledMs,
    maxRssMb: report.maxRssMb,
  };
}

function spread(values: readonly (number | null)[]): string {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (known.length === 0) return '—';
  const mid = known[Math.floor((known.length - 1) / 2)]!;
  return `${fmt(mid, 0)} (${fmt(known[0]!, 0)}–${fmt(known.at(-1)!, 0)})`;
}

function section(options: StartResumeOptions, runs: Record<'empty' | 'resume', StartRun[]>): BenchSection {
  const row = (name: string, list: StartRun[]) => [
    name,
    spread(list.map((r) => r.importedMs)),
    spread(list.map((r) => r.listeningMs)),
    spread(list.map((r) => r.firstPollMs)),
    spread(list.map((r) => r.allPolledMs)),
    spread(list.map((r) => r.maxRssMb)),
  ];
  return {
    title: '4. Start and resume',
    setup: [
      `${options.runs} starts each, alternating, each a fresh \`node --import tsx\` process on a fresh copy of the SQLite file: empty (baseline) vs. ${options.operations} active operations to resume (roots already posted, every poll due, jobs really running in the simulator, no rate limit).`,
      'Times in ms as median (min–max). "createBot → listening" is createBot() plus start() resolving (store opened, migrations checked, HTTP listening); "first poll" is the first job read the simulator received, i.e. the tracker\'s first claim plus one request.',
    ],
    tables: [
      {
        title: 'Start to ready (ms)',
        columns: [
          'store',
          'process → modules loaded',
          'createBot → listening',
          'createBot → first poll',
          'createBot → every op polled once',
          'peak RSS MB',
        ],
        rows: [row('empty (baseline)', runs.empty), row(`${options.operations} to resume`, runs.resume)],
      },
    ],
    notes: [
      'With an empty store the tracker\'s first claim finds nothing and leaves no trace outside the process (no seam: the tracker exposes no "claimed" event), so that column is — for the baseline.',
      '"Every op polled once" is bounded by the tracker\'s concurrency (8 polls in flight) and the loopback round trip, not by a rate limit.',
    ],
  };
}
