import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultPollSchedule,
  estimateTotalMs,
  failureBackoffDelay,
  nextPollDelay,
  type PollScheduleInput,
} from '../../src/tracker/poll-schedule.js';
import { emptyProgressMemory, observeProgress, scheduleInputFor } from '../../src/tracker/progress-memory.js';

/** random() = 0.5 means no jitter at all. */
const noJitter = () => 0.5;
const s = 1000;

describe('nextPollDelay', () => {
  const cases: [string, Omit<PollScheduleInput, 'random'>, number][] = [
    ['polls after 1 s right after the start', { elapsedMs: 0 }, 1 * s],
    ['slows down as time passes when nothing else is known', { elapsedMs: 20 * s }, 5 * s],
    ['reaches the 30 s cap for a long job with no estimate', { elapsedMs: 10 * 60 * s }, 30 * s],
    [
      'stays quick in the first seconds even when the end is far',
      { elapsedMs: 2 * s, expectedDurationMs: 240 * s },
      2.6 * s,
    ],
    ['waits long while the expected end is far', { elapsedMs: 60 * s, expectedDurationMs: 240 * s }, 30 * s],
    ['closes in on the expected end', { elapsedMs: 40 * s, expectedDurationMs: 60 * s }, 7.5 * s],
    ['polls quickly right at the expected end', { elapsedMs: 60 * s, expectedDurationMs: 60 * s }, 2.5 * s],
    ['backs off slowly once the job overruns', { elapsedMs: 100 * s, expectedDurationMs: 60 * s }, 4.5 * s],
    [
      'extrapolates the end from progress (50 % after 40 s running → end at 80 s)',
      { elapsedMs: 40 * s, progress: 50, expectedDurationMs: 300 * s },
      12.5 * s,
    ],
    [
      'counts from when the job started running and when progress was reached (75 % 60 s in → end at 85 s)',
      { elapsedMs: 85 * s, progress: 75, progressAtMs: 65 * s, runningSinceMs: 5 * s },
      2.5 * s,
    ],
    [
      'ignores 0 % progress and falls back on the typical duration',
      { elapsedMs: 10 * s, progress: 0, expectedDurationMs: 20 * s },
      5 * s,
    ],
    ['never goes under the floor', { elapsedMs: 0, options: { firstMs: 10 } }, defaultPollSchedule.minMs],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(nextPollDelay({ ...input, random: noJitter })).toBeCloseTo(expected, -1);
  });

  it('spreads polls by at most ±15 % around the unjittered delay', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * 3600 * s }),
        fc.option(fc.integer({ min: 1, max: 99 }), { nil: null }),
        fc.option(fc.integer({ min: 1, max: 3600 * s }), { nil: null }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (elapsedMs, progress, expectedDurationMs, r) => {
          const input = { elapsedMs, progress, expectedDurationMs };
          const base = nextPollDelay({ ...input, random: noJitter });
          const jittered = nextPollDelay({ ...input, random: () => r });
          expect(jittered).toBeGreaterThanOrEqual(Math.floor(base * 0.85));
          expect(jittered).toBeLessThanOrEqual(Math.ceil(base * 1.15));
          expect(base).toBeGreaterThanOrEqual(defaultPollSchedule.minMs);
          expect(base).toBeLessThanOrEqual(defaultPollSchedule.maxMs);
        },
      ),
    );
  });

  it('uses the extremes of the jitter range for random() near 0 and 1', () => {
    expect(nextPollDelay({ elapsedMs: 20 * s, random: () => 0 })).toBe(4250);
    expect(nextPollDelay({ elapsedMs: 20 * s, random: () => 0.999999 })).toBe(5750);
  });
});

describe('estimateTotalMs', () => {
  it('prefers the job’s own progress over the typical duration', () => {
    expect(estimateTotalMs({ elapsedMs: 30 * s, progress: 25, expectedDurationMs: 60 * s })).toBe(120 * s);
  });

  it('returns null when neither progress nor a typical duration is known', () => {
    expect(estimateTotalMs({ elapsedMs: 30 * s, progress: null, expectedDurationMs: null })).toBeNull();
  });
});

describe('progress memory', () => {
  it('dates a progress change at the midpoint between the previous poll and this one', () => {
    const running = observeProgress(emptyProgressMemory, {
      status: 'in_progress',
      progress: 0,
      now: 10_000,
      previousPollAt: 8_000,
    });
    expect(running).toEqual({ runningSeenAt: 9_000, progress: 0, progressAt: 9_000 });
    const half = observeProgress(running, {
      status: 'in_progress',
      progress: 50,
      now: 30_000,
      previousPollAt: 20_000,
    });
    expect(half).toEqual({ runningSeenAt: 9_000, progress: 50, progressAt: 25_000 });
    const same = observeProgress(half, {
      status: 'in_progress',
      progress: 50,
      now: 40_000,
      previousPollAt: 30_000,
    });
    expect(same.progressAt).toBe(25_000);
    expect(scheduleInputFor(same, { startedAt: 5_000, now: 40_000, expectedDurationMs: null })).toEqual({
      elapsedMs: 35_000,
      progress: 50,
      progressAtMs: 20_000,
      runningSinceMs: 4_000,
      expectedDurationMs: null,
    });
  });
});

describe('failureBackoffDelay', () => {
  it('doubles per consecutive failure up to the cap', () => {
    const delays = [1, 2, 3, 4, 7, 8, 50].map((n) => failureBackoffDelay(n, noJitter));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 60_000, 60_000, 60_000]);
  });

  it('jitters within ±15 %', () => {
    expect(failureBackoffDelay(2, () => 0)).toBe(1_700);
    expect(failureBackoffDelay(2, () => 0.999999)).toBe(2_300);
  });
});
