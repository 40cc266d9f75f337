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
  /** HostUp's limit while resuming: `limit` requests per `windowMs` (sliding). Default 50 per 250 ms. */
  readonly rateLimit?: { readonly limit: number; readonly windowMs: number };
}

/** What the bot keeps back of HostUp's limit for people (RateBudget's default reserve). */
const reserveFraction = 0.1;
const goalFirstPollMs = 200;
const goalAllPolledRatio = 1.2;

interface StartRun {
  readonly importedMs: number;
  readonly listeningMs: number;
  /** From listening (createBot + start resolved) to the first job read. */
  readonly firstPollMs: number | null;
  /** From listening to the moment every operation had been read once. */
  readonly allPolledMs: number | null;
  /** Job reads HostUp refused with a 429 on the way. */
  readonly refused: number;
  /** Other answered reads by then (the after-check of each operation that ended): same budget. */
  readonly otherReads: number;
  readonly maxRssMb: number;
}

const pollPath = /^\/api\/jobs\//;

export async function startResume(options: StartResumeOptions): Promise<BenchSection> {
  const rateLimit =
    options.rateLimit ??
    (process.env.BENCH_NOLIMIT ? { limit: 1_000_000, windowMs: 250 } : { limit: 50, windowMs: 250 });
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
    sim.setRateLimit(rateLimit);

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
    return section(options, rateLimit, runs);
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
  const listeningAt = ready.timeOrigin + ready.listeningMs;
  let firstPollMs: number | null = null;
  let allPolledMs: number | null = null;
  let refused = 0;
  let otherReads = 0;
  if (resume) {
    const seen = new Set<string>();
    let scanned = from;
    await waitUntil(
      () => {
        for (; scanned < sim.requests.length; scanned++) {
          const request = sim.requests[scanned]!;
          if (request.method !== 'GET') continue;
          if (!pollPath.test(request.path)) {
            if (request.routeStatus === 200) otherReads++;
            continue;
          }
          firstPollMs ??= request.at - listeningAt;
          // A read HostUp refused (429) answered nothing: only answered reads count.
          if (request.routeStatus !== 200) {
            if (request.routeStatus === 429) refused++;
            continue;
          }
          seen.add(request.path);
          if (seen.size === sim.jobs.length) allPolledMs = request.at - listeningAt;
        }
        return allPolledMs !== null;
      },
      120_000,
      20,
    );
  }
  const report = await bot.stop();
  return {
    importedMs: ready.importedMs,
    listeningMs: ready.listeningMs - ready.startCalledMs,
    firstPollMs,
    allPolledMs,
    refused,
    otherReads,
    maxRssMb: report.maxRssMb,
  };
}

function spread(values: readonly (number | null)[]): string {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (known.length === 0) return '—';
  const mid = known[Math.floor((known.length - 1) / 2)]!;
  return `${fmt(mid, 0)} (${fmt(known[0]!, 0)}–${fmt(known.at(-1)!, 0)})`;
}

function section(
  options: StartResumeOptions,
  rateLimit: { limit: number; windowMs: number },
  runs: Record<'empty' | 'resume', StartRun[]>,
): BenchSection {
  const perSecond = (rateLimit.limit * 1000) / rateLimit.windowMs;
  const budgetPerSecond = perSecond * (1 - reserveFraction);
  const boundMs = (options.operations / budgetPerSecond) * 1000;
  const median = (list: (number | null)[]) => {
    const known = list.filter((v): v is number => v !== null).sort((a, b) => a - b);
    return known.length === 0 ? Number.NaN : known[Math.floor((known.length - 1) / 2)]!;
  };
  const firstMet = median(runs.resume.map((r) => r.firstPollMs)) <= goalFirstPollMs;
  const allMet = median(runs.resume.map((r) => r.allPolledMs)) <= goalAllPolledRatio * boundMs;
  const row = (name: string, list: StartRun[], goals: boolean) => [
    name,
    spread(list.map((r) => r.importedMs)),
    spread(list.map((r) => r.listeningMs)),
    goals ? `${spread(list.map((r) => r.firstPollMs))} ${firstMet ? 'met' : 'missed'}` : '—',
    goals
      ? `${spread(list.map((r) => r.allPolledMs))} (${fmt(median(list.map((r) => r.allPolledMs)) / boundMs, 2)}×) ${allMet ? 'met' : 'missed'}`
      : '—',
    goals ? spread(list.map((r) => r.refused)) : '—',
    goals ? spread(list.map((r) => r.otherReads)) : '—',
    goals
      ? `${fmt(
          median(list.map((r) => r.allPolledMs)) /
            (((options.operations + median(list.map((r) => r.otherReads))) / budgetPerSecond) * 1000),
          2,
        )}×`
      : '—',
    spread(list.map((r) => r.maxRssMb)),
  ];
  return {
    title: '4. Start and resume',
    setup: [
      `${options.runs} starts each, alternating, each a fresh process (the bot bundled as \`npm run build\` bundles it, plain node) on a fresh copy of the SQLite file: empty (baseline) vs. ${options.operations} active operations to resume (roots already posted, every poll due, jobs really running in the simulator). HostUp's limit: ${rateLimit.limit} requests per ${rateLimit.windowMs} ms (sliding), ${fmt(perSecond, 0)}/s; the bot's rate budget keeps ${fmt(reserveFraction * 100, 0)} % of it for people: ${fmt(budgetPerSecond, 0)}/s.`,
      'Times in ms as median (min–max). "createBot → listening" is createBot() plus start() resolving (store opened, migrations checked, HTTP listening); the poll columns count from listening to the simulator receiving the first job read, and to every operation having been read once (answered reads only).',
      `Goals: the first poll within ${goalFirstPollMs} ms of listening; every operation polled once within ${goalAllPolledRatio}× of N ÷ the rate budget = ${options.operations} ÷ ${fmt(budgetPerSecond, 0)}/s = ${fmt(boundMs, 0)} ms.`,
    ],
    tables: [
      {
        title: 'Start to ready (ms)',
        columns: [
          'store',
          'process → modules loaded',
          'createBot → listening',
          'listening → first poll',
          'listening → every op polled once',
          'reads refused (429)',
          'other reads meanwhile',
          '÷ (N + other reads) ÷ budget',
          'peak RSS MB',
        ],
        rows: [
          row('empty (baseline)', runs.empty, false),
          row(`${options.operations} to resume`, runs.resume, true),
        ],
      },
    ],
    notes: [
      'With an empty store the tracker\'s first claim finds nothing and leaves no trace outside the process (no seam: the tracker exposes no "claimed" event), so those columns are — for the baseline.',
      'Other reads meanwhile: the after-check (one status read of each server whose operation ended, before its final reply) draws on the same budget as the polls, so the last column compares the time with everything read ÷ the budget.',
      '"Every op polled once" follows the rate budget: the tracker claims what the budget lets go now (at most 64 polls in flight, a guard on sockets), a probe of 8 until HostUp\'s first answers say its limit.',
    ],
  };
}
