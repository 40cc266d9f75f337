/**
 * The poll schedule the tracker used before it learned (release 0.1 to the Slack-limits work),
 * kept only as benchmark 3's baseline: a ramp from the start and a geometric approach to the
 * median duration, progress dated at the midpoint between polls. Not used by the bot.
 */
import type { JobStatus } from '../../src/domain/operation.js';

interface PollScheduleOptions {
  /** The interval right after the operation starts. */
  readonly firstMs: number;
  /** Never poll more often than this. */
  readonly minMs: number;
  /** Never wait longer than this between polls. */
  readonly maxMs: number;
  /** How fast the interval grows with elapsed time while an end estimate exists (guards the start). */
  readonly rampRatio: number;
  /** How fast the interval grows with elapsed time when no end estimate exists. */
  readonly blindRampRatio: number;
  /** The interval right at the expected end. */
  readonly nearMs: number;
  /** How fast the interval grows with the distance to the expected end, before it. */
  readonly approachRatio: number;
  /** How fast it grows with the time past the expected end (an overrunning job). */
  readonly overdueRatio: number;
  /** Relative spread: 0.15 is ±15 %. */
  readonly jitter: number;
}

const defaultPollSchedule: PollScheduleOptions = {
  firstMs: 1_000,
  minMs: 1_000,
  maxMs: 30_000,
  rampRatio: 0.8,
  blindRampRatio: 0.2,
  nearMs: 2_500,
  approachRatio: 0.25,
  overdueRatio: 0.05,
  jitter: 0.15,
};

interface PollScheduleInput {
  /** Time since the operation started. */
  readonly elapsedMs: number;
  /** The job's last reported progress (0..100), if any. */
  readonly progress?: number | null;
  /** Elapsed time at which that progress value was reached (best guess); defaults to `elapsedMs`. */
  readonly progressAtMs?: number | null;
  /** Elapsed time at which the job was first seen running; defaults to 0. */
  readonly runningSinceMs?: number | null;
  /** The typical duration of this action (the store's median of recent ones). */
  readonly expectedDurationMs?: number | null;
  /** Returns [0, 1): Math.random in production, a fixed or seeded function in tests. */
  readonly random: () => number;
  readonly options?: Partial<PollScheduleOptions>;
}

/**
 * The job's expected total duration (from the operation's start). Reported progress wins: it is
 * about this very job. The time spent running is extrapolated linearly from the progress reached
 * so far: total = runningSince + (progressAt − runningSince) · 100 / progress. Otherwise the
 * typical duration of the same action; null when neither is known.
 */
function estimateTotalMs(input: Omit<PollScheduleInput, 'random' | 'options'>): number | null {
  const p = input.progress ?? null;
  if (p !== null && p > 0 && p < 100) {
    const since = Math.max(0, input.runningSinceMs ?? 0);
    const ran = (input.progressAtMs ?? input.elapsedMs) - since;
    if (ran > 0) return since + (ran * 100) / p;
  }
  const expected = input.expectedDurationMs ?? null;
  return expected !== null && expected > 0 ? expected : null;
}

/** The delay before the next poll of a job that has not ended (see the formula above). */
export function previousNextPollDelay(input: PollScheduleInput): number {
  const o = { ...defaultPollSchedule, ...input.options };
  const t = Math.max(0, input.elapsedMs);
  const end = estimateTotalMs(input);
  const ramp = o.firstMs + (end === null ? o.blindRampRatio : o.rampRatio) * t;
  const ratio = end !== null && t > end ? o.overdueRatio : o.approachRatio;
  const target = end === null ? ramp : Math.min(ramp, o.nearMs + ratio * Math.abs(t - end));
  const delay = Math.min(o.maxMs, Math.max(o.minMs, target));
  return Math.round(delay * (1 + o.jitter * (2 * input.random() - 1)));
}

export interface PreviousMemory {
  readonly runningSeenAt: number | null;
  readonly progress: number | null;
  readonly progressAt: number | null;
}

export const previousEmptyMemory: PreviousMemory = { runningSeenAt: null, progress: null, progressAt: null };

/**
 * Folds one reading into the memory. A change happened somewhere between the previous poll and
 * this one, so it is dated at the midpoint: dating it at the poll that noticed it would make every
 * extrapolation late by up to one interval.
 */
export function previousObserve(
  memory: PreviousMemory,
  reading: { status: JobStatus; progress: number | null; now: number; previousPollAt: number },
): PreviousMemory {
  const midpoint = Math.round((Math.min(reading.previousPollAt, reading.now) + reading.now) / 2);
  const running = reading.status === 'in_progress';
  const runningSeenAt = memory.runningSeenAt ?? (running ? midpoint : null);
  if (reading.progress === null || reading.progress === memory.progress) {
    return { ...memory, runningSeenAt };
  }
  return { runningSeenAt, progress: reading.progress, progressAt: midpoint };
}

/** The schedule's input (without `random`) for an operation started at `startedAt`. */
export function previousInputFor(
  memory: PreviousMemory,
  args: { startedAt: number; now: number; expectedDurationMs: number | null },
): Omit<PollScheduleInput, 'random' | 'options'> {
  const rel = (at: number | null) => (at === null ? null : Math.max(0, at - args.startedAt));
  return {
    elapsedMs: Math.max(0, args.now - args.startedAt),
    progress: memory.progress,
    progressAtMs: rel(memory.progressAt),
    runningSinceMs: rel(memory.runningSeenAt),
    expectedDurationMs: args.expectedDurationMs,
  };
}
