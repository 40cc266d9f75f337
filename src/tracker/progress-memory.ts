import type { JobStatus } from '../domain/operation.js';
import type { DurationPrior, PollScheduleInput } from './poll-schedule.js';

/**
 * What the tracker remembers between polls to narrow down a job's end. Times are epoch ms.
 *
 * A reading of progress p (a percentage, reported in steps) at time t, for a job running since s,
 * says: p was reached by t, the next step not yet. Were progress linear in time, the end T would
 * then lie in [s + (t−s)/(p+step), s + (t−s)/p] — and, when p is new since the previous poll at t₀,
 * after s + (t₀−s)/p. Progress is rarely quite linear (jobs stall near the start or the end), so
 * each bound is widened by a power of p: much while p is small, little near the end. Every reading
 * narrows the window the one before left; a reading that contradicts it starts a new window.
 */
export interface ProgressMemory {
  /** The last poll that saw the job still waiting (queued/pending). */
  readonly waitingSeenAt: number | null;
  /** The first poll that saw it running. */
  readonly runningSeenAt: number | null;
  readonly progress: number | null;
  /** The first poll that showed the current progress value. */
  readonly progressAt: number | null;
  /** The smallest rise of progress seen between two polls (how coarse its steps are). */
  readonly step: number | null;
  /** Where progress readings put the end, or null before there are any. */
  readonly endLow: number | null;
  readonly endHigh: number | null;
}

export const emptyProgressMemory: ProgressMemory = {
  waitingSeenAt: null,
  runningSeenAt: null,
  progress: null,
  progressAt: null,
  step: null,
  endLow: null,
  endHigh: null,
};

/** How much a bound is widened for progress that is not linear: bound·p^early (low), bound·p^−late (high). */
export interface ProgressCurvature {
  readonly early: number;
  readonly late: number;
}

export const defaultCurvature: ProgressCurvature = { early: 0.3, late: 0.45 };

export interface Reading {
  readonly status: JobStatus;
  readonly progress: number | null;
  readonly now: number;
  /** When the job was read before (the operation's start for the first reading). */
  readonly previousPollAt: number;
  /** When the job started running, when the provider says so; else the memory's best guess. */
  readonly runStartAt?: number | null;
  /** When the operation started (the earliest the job can have started). */
  readonly startedAt: number;
}

/** Folds one reading into the memory. */
export function observeProgress(
  memory: ProgressMemory,
  reading: Reading,
  curvature: ProgressCurvature = defaultCurvature,
): ProgressMemory {
  const { now } = reading;
  const waiting = reading.status === 'queued' || reading.status === 'pending';
  const next: ProgressMemory = {
    ...memory,
    waitingSeenAt: waiting ? now : memory.waitingSeenAt,
    runningSeenAt: memory.runningSeenAt ?? (reading.status === 'in_progress' ? now : null),
  };
  const value = reading.progress;
  if (value === null) return next;
  const rose = memory.progress !== null && value > memory.progress;
  const step = rose ? Math.min(memory.step ?? 100, value - (memory.progress ?? 0)) : memory.step;
  const changed = memory.progress !== value;
  const withValue: ProgressMemory = {
    ...next,
    progress: value,
    progressAt: changed ? now : memory.progressAt,
    step,
  };
  if (waiting || value <= 0 || value >= 100) return withValue;

  // Running since at least the last poll that saw it waiting (or the operation's start).
  const s = reading.runStartAt ?? next.waitingSeenAt ?? reading.startedAt;
  if (now <= s) return withValue;
  const p = value / 100;
  const st = Math.min(step ?? 100 - value, 100 - value) / 100;
  let low = s + (now - s) / (p + st);
  if (rose && reading.previousPollAt > s) low = Math.max(low, s + (reading.previousPollAt - s) / p);
  const high = s + (now - s) / p;
  const window = {
    low: s + (low - s) * p ** curvature.early,
    high: s + (high - s) * p ** -curvature.late,
  };
  const before =
    memory.endLow !== null && memory.endHigh !== null ? { low: memory.endLow, high: memory.endHigh } : null;
  const agrees = before !== null && window.low <= before.high && window.high >= before.low;
  const merged = agrees
    ? { low: Math.max(before.low, window.low), high: Math.min(before.high, window.high) }
    : window;
  return { ...withValue, endLow: Math.round(merged.low), endHigh: Math.round(merged.high) };
}

/** The schedule's input (without `random`) for an operation started at `startedAt`. */
export function scheduleInputFor(
  memory: ProgressMemory,
  args: { startedAt: number; now: number; jobStartAt: number | null; prior: DurationPrior | null },
): Omit<PollScheduleInput, 'random' | 'options'> {
  const rel = (at: number) => at - args.startedAt;
  return {
    elapsedMs: Math.max(0, rel(args.now)),
    prior: args.prior,
    jobStartMs: args.jobStartAt === null ? 0 : Math.max(0, rel(args.jobStartAt)),
    window:
      memory.endLow !== null && memory.endHigh !== null
        ? { lowMs: rel(memory.endLow), highMs: rel(memory.endHigh) }
        : null,
  };
}
