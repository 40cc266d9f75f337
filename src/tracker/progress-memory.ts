import type { JobStatus } from '../domain/operation.js';
import type { PollScheduleInput } from './poll-schedule.js';

/**
 * What the tracker remembers between polls to estimate a job's end: when it was first seen
 * running and when its current progress value was reached. Times are epoch ms.
 */
export interface ProgressMemory {
  readonly runningSeenAt: number | null;
  readonly progress: number | null;
  readonly progressAt: number | null;
}

export const emptyProgressMemory: ProgressMemory = { runningSeenAt: null, progress: null, progressAt: null };

/**
 * Folds one reading into the memory. A change happened somewhere between the previous poll and
 * this one, so it is dated at the midpoint: dating it at the poll that noticed it would make every
 * extrapolation late by up to one interval.
 */
export function observeProgress(
  memory: ProgressMemory,
  reading: { status: JobStatus; progress: number | null; now: number; previousPollAt: number },
): ProgressMemory {
  const midpoint = Math.round((Math.min(reading.previousPollAt, reading.now) + reading.now) / 2);
  const running = reading.status === 'in_progress';
  const runningSeenAt = memory.runningSeenAt ?? (running ? midpoint : null);
  if (reading.progress === null || reading.progress === memory.progress) {
    return { ...memory, runningSeenAt };
  }
  return { runningSeenAt, progress: reading.progress, progressAt: midpoint };
}

/** The schedule's input (without `random`) for an operation started at `startedAt`. */
export function scheduleInputFor(
  memory: ProgressMemory,
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
