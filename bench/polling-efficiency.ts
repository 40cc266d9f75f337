/**
 * How many polls the tracker's adaptive schedule spends per operation, and how late it notices the
 * end, compared with fixed intervals. Runs in virtual time (no HTTP, no sleeping) over a model of
 * HostUp jobs, with the real `nextPollDelay` and the tracker's own progress memory.
 *
 *   npx tsx bench/polling-efficiency.ts [operations] [seed]
 *
 * Prints tables; no pass/fail. bench/run-all.ts calls `pollingEfficiency()` as benchmark 3. The job model is an assumption, stated below so it can be argued.
 */
import { pathToFileURL } from 'node:url';
import { logNormalFit } from '../src/tracker/end-belief.js';
import { type DurationPrior, firstPollAt, nextPollDelay } from '../src/tracker/poll-schedule.js';
import { emptyProgressMemory, observeProgress, scheduleInputFor } from '../src/tracker/progress-memory.js';
import {
  previousEmptyMemory,
  previousInputFor,
  previousNextPollDelay,
  previousObserve,
} from './lib/previous-schedule.js';
import { fmt, gaussian, mulberry32, percentile } from './lib/stats.js';
import { type BenchSection, renderText } from './lib/table.js';

// ── Job model ────────────────────────────────────────────────────────────────────────────────
// Typical durations per action (seconds to minutes), each job varying around it (log-normal,
// σ = 0.3, so a third of jobs are more than 30 % off the typical value), after 0.3–3 s in the
// queue. Progress, when reported, rises in steps of 10 % or 25 % and not quite linearly (a
// per-job curve f^γ, γ in 0.7–1.4: some jobs stall near the end, others near the start).
const actions = [
  { name: 'reset', typicalMs: 8_000, weight: 0.15 },
  { name: 'start', typicalMs: 15_000, weight: 0.15 },
  { name: 'shutdown', typicalMs: 20_000, weight: 0.15 },
  { name: 'restart', typicalMs: 25_000, weight: 0.3 },
  { name: 'snapshot-restore', typicalMs: 90_000, weight: 0.15 },
  { name: 'restore-from-vps', typicalMs: 240_000, weight: 0.1 },
] as const;
const durationSigma = 0.3;

interface ModelJob {
  readonly action: string;
  readonly queuedMs: number;
  readonly runningMs: number;
  readonly endMs: number;
  /** Progress step in %, or null when the job reports none. */
  readonly step: number | null;
  readonly gamma: number;
  /** What the store's typicalDuration would say (median of the last 20), null on a cold start. */
  readonly expectedDurationMs: number | null;
  /** What the store's recent durations say (their median and log-spread), null on a cold start. */
  readonly prior: DurationPrior | null;
}

function pickWeighted(r: number): (typeof actions)[number] {
  let left = r;
  for (const action of actions) {
    left -= action.weight;
    if (left < 0) return action;
  }
  return actions[0];
}

function makeJobs(count: number, random: () => number): ModelJob[] {
  const draw = (typicalMs: number) => typicalMs * Math.exp(durationSigma * gaussian(random));
  const jobs: ModelJob[] = [];
  for (let i = 0; i < count; i++) {
    const action = pickWeighted(random());
    const queuedMs = 300 + random() * 2_700;
    const runningMs = draw(action.typicalMs);
    const history = Array.from({ length: 20 }, () => queuedMs + draw(action.typicalMs)).sort((a, b) => a - b);
    const r = random();
    const step = r < 0.6 ? 10 : r < 0.8 ? 25 : null;
    const gamma = 0.7 + random() * 0.7;
    const warm = random() < 0.85;
    jobs.push({
      action: action.name,
      queuedMs,
      runningMs,
      endMs: queuedMs + runningMs,
      step,
      gamma,
      expectedDurationMs: warm ? (history[9]! + history[10]!) / 2 : null,
      prior: warm ? logNormalFit(history) : null,
    });
  }
  return jobs;
}

function reading(job: ModelJob, t: number) {
  if (t < job.queuedMs) return { status: 'queued' as const, progress: job.step === null ? null : 0 };
  const f = Math.min(1, (t - job.queuedMs) / job.runningMs) ** job.gamma;
  const progress = job.step === null ? null : Math.floor((f * 100) / job.step) * job.step;
  return { status: 'in_progress' as const, progress };
}

// ── Strategies ───────────────────────────────────────────────────────────────────────────────
interface Outcome {
  readonly polls: number;
  readonly noticeDelayMs: number;
}

type Strategy = (job: ModelJob, random: () => number) => Outcome;

function fixed(intervalMs: number): Strategy {
  return (job) => {
    const polls = Math.ceil(job.endMs / intervalMs);
    return { polls, noticeDelayMs: polls * intervalMs - job.endMs };
  };
}

/**
 * The tracker's schedule now (poll-schedule.ts): the first look planned from the recent durations
 * (the services ask for one after 1 s; the tracker defers it), then each poll from the belief.
 */
const learning: Strategy = (job, random) => {
  let memory = emptyProgressMemory;
  let previous = 0;
  let t = firstPollAt({ elapsedMs: 0, prior: job.prior, random });
  for (let polls = 1; ; polls++) {
    if (t >= job.endMs) return { polls, noticeDelayMs: t - job.endMs };
    const now = reading(job, t);
    memory = observeProgress(memory, { ...now, now: t, previousPollAt: previous, startedAt: 0 });
    previous = t;
    const input = scheduleInputFor(memory, { startedAt: 0, now: t, jobStartAt: null, prior: job.prior });
    t += nextPollDelay({ ...input, random });
  }
};

/** The schedule before (bench/lib/previous-schedule.ts): first poll 1 s after the start. */
const previousSchedule: Strategy = (job, random) => {
  let memory = previousEmptyMemory;
  let previous = 0;
  let t = 1_000;
  for (let polls = 1; ; polls++) {
    if (t >= job.endMs) return { polls, noticeDelayMs: t - job.endMs };
    const now = reading(job, t);
    memory = previousObserve(memory, { ...now, now: t, previousPollAt: previous });
    previous = t;
    const input = previousInputFor(memory, {
      startedAt: 0,
      now: t,
      expectedDurationMs: job.expectedDurationMs,
    });
    t += previousNextPollDelay({ ...input, random });
  }
};

const goalPollsPerOp = 5;
const goalLateP95S = 3;

// ── Report ───────────────────────────────────────────────────────────────────────────────────
function summariseOutcomes(outcomes: readonly Outcome[]) {
  const delays = outcomes.map((o) => o.noticeDelayMs).sort((a, b) => a - b);
  const polls = outcomes.reduce((sum, o) => sum + o.polls, 0);
  return {
    pollsPerOp: polls / outcomes.length,
    p50: percentile(delays, 50) / 1000,
    p95: percentile(delays, 95) / 1000,
    max: (delays.at(-1) ?? 0) / 1000,
  };
}

const strategies: [string, Strategy][] = [
  ['learning (nextPollDelay now)', learning],
  ['previous schedule (before)', previousSchedule],
  ['fixed 1 s', fixed(1_000)],
  ['fixed 5 s', fixed(5_000)],
  ['fixed 15 s', fixed(15_000)],
];
const bands: [string, (j: ModelJob) => boolean][] = [
  ['all', () => true],
  ['< 30 s', (j) => j.endMs < 30_000],
  ['30 s – 2 min', (j) => j.endMs >= 30_000 && j.endMs < 120_000],
  ['≥ 2 min', (j) => j.endMs >= 120_000],
  ['no progress reported', (j) => j.step === null],
];

/** Benchmark 3: polls per operation and how late the end is noticed, adaptive vs fixed intervals. */
export function pollingEfficiency(count = 300, seed = 42): BenchSection {
  const jobs = makeJobs(count, mulberry32(seed));
  // One random stream over the jobs in order, as each table row draws it, so the note is the "all" row.
  const overallRandom = mulberry32(seed + 1);
  const overall = summariseOutcomes(jobs.map((job) => learning(job, overallRandom)));
  const met = overall.pollsPerOp <= goalPollsPerOp && overall.p95 <= goalLateP95S;
  const durations = jobs.map((j) => j.endMs).sort((a, b) => a - b);
  const tables = bands.flatMap(([band, keep]) => {
    const subset = jobs.filter(keep);
    if (subset.length === 0) return [];
    const rows = strategies.map(([name, strategy]) => {
      const random = mulberry32(seed + 1);
      const s = summariseOutcomes(subset.map((job) => strategy(job, random)));
      return [name, fmt(s.pollsPerOp), fmt(s.p50), fmt(s.p95), fmt(s.max)];
    });
    return [
      {
        title: `${band} (${subset.length} operations)`,
        columns: ['strategy', 'polls/op', 'late p50 s', 'late p95 s', 'late max s'],
        rows,
      },
    ];
  });
  return {
    title: '3. Polling efficiency (virtual time)',
    setup: [
      `${count} modelled HostUp jobs (seed ${seed}); job length p50 ${fmt(percentile(durations, 50) / 1000)} s, p95 ${fmt(percentile(durations, 95) / 1000)} s, max ${fmt((durations.at(-1) ?? 0) / 1000)} s.`,
      'The real `firstPollAt`, `nextPollDelay` and progress memory, no HTTP and no sleeping; "late" is the time from the job\'s end to the poll that sees it. The learning schedule\'s prior is what the store would give it: the median and spread of the last 20 durations of the action (none for the 15 % "cold" jobs).',
      `Goal (all operations): at most ${goalPollsPerOp} polls per operation with "late" p95 ≤ ${goalLateP95S} s.`,
    ],
    tables,
    notes: [
      `Learning schedule over all ${count} operations: ${fmt(overall.pollsPerOp)} polls/op, late p95 ${fmt(overall.p95)} s — goal ${met ? 'met' : 'missed'}.`,
      'The job model (durations per action, progress steps, queue time) is stated at the top of bench/polling-efficiency.ts.',
      '"previous schedule" is the one before the Slack-limits work (bench/lib/previous-schedule.ts): a ramp and a geometric approach to the median, first poll 1 s after the start.',
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(
    renderText(pollingEfficiency(Number(process.argv[2] ?? 300), Number(process.argv[3] ?? 42))),
  );
}
