import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endQuantile, logNormalFit, normalCdf, normalQuantile } from '../../src/tracker/end-belief.js';
import {
  defaultPollSchedule,
  failureBackoffDelay,
  firstPollAt,
  nextPollDelay,
} from '../../src/tracker/poll-schedule.js';
import { emptyProgressMemory, observeProgress, scheduleInputFor } from '../../src/tracker/progress-memory.js';

/** random() = 0.5 means no jitter at all. */
const noJitter = () => 0.5;
const s = 1000;
const near = defaultPollSchedule.nearMs;
/** A restart that usually takes 25 s, give or take 30 %. */
const restart = { medianMs: 25 * s, sigma: 0.3 };

describe('the end belief', () => {
  it('inverts the normal distribution function', () => {
    for (const p of [0.001, 0.01, 0.1, 0.5, 0.9, 0.99])
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.96, 3);
  });

  it('fits the median and log-spread of recent durations, and needs a few of them', () => {
    const fit = logNormalFit([20 * s, 25 * s, 31.25 * s]);
    expect(fit?.medianMs).toBe(25 * s);
    expect(fit?.sigma).toBeCloseTo(Math.log(1.25), 6);
    expect(logNormalFit([25 * s, 30 * s])).toBeNull();
  });

  it('answers by when the job has ended, given it had not yet, inside the window', () => {
    const belief = { offsetMs: 0, medianMs: 25 * s, sigma: 0.3, lowMs: 0, highMs: Number.POSITIVE_INFINITY };
    expect(endQuantile(belief, 0, 0.5)).toBeCloseTo(25 * s, -1);
    // Knowing it is still running at 25 s moves its median end later.
    expect(endQuantile(belief, 25 * s, 0.5)!).toBeGreaterThan(29 * s);
    const cut = { ...belief, lowMs: 30 * s, highMs: 32 * s };
    const median = endQuantile(cut, 0, 0.5)!;
    expect(median).toBeGreaterThan(30 * s);
    expect(median).toBeLessThan(32 * s);
    expect(endQuantile(cut, 33 * s, 0.5)).toBeNull();
  });
});

describe('firstPollAt', () => {
  it('looks first when a typical restart may have ended, not a second after the call', () => {
    // 1 % of 25 s ± 30 % restarts are over by 12.4 s; one near-end spacing later.
    expect(firstPollAt({ elapsedMs: 0, prior: restart, random: noJitter })).toBeCloseTo(12.4 * s + near, -2);
  });

  it('never looks later than the longest wait, however long the action', () => {
    expect(firstPollAt({ elapsedMs: 0, prior: { medianMs: 600 * s, sigma: 0.3 }, random: noJitter })).toBe(
      defaultPollSchedule.maxMs,
    );
  });

  it('never looks before firstMs', () => {
    const tiny = { medianMs: 100, sigma: 0.3 };
    expect(firstPollAt({ elapsedMs: 0, prior: tiny, random: noJitter, options: { firstMs: 5 * s } })).toBe(
      5 * s,
    );
  });
});

describe('nextPollDelay', () => {
  it('polls every nearMs where a restart is likely to end', () => {
    for (const t of [20, 25, 30]) {
      expect(nextPollDelay({ elapsedMs: t * s, prior: restart, random: noJitter })).toBeLessThan(near * 1.1);
    }
  });

  it('jumps towards the likely end while it is far', () => {
    const long = { medianMs: 240 * s, sigma: 0.3 };
    expect(nextPollDelay({ elapsedMs: 60 * s, prior: long, random: noJitter })).toBeGreaterThan(50 * s);
  });

  it('spaces polls wider when little is known (an action never seen, no progress)', () => {
    const cold = nextPollDelay({ elapsedMs: 20 * s, prior: null, random: noJitter });
    expect(cold).toBeGreaterThan(2 * near);
    expect(cold).toBeLessThan(20 * s);
  });

  it('aims at the window progress readings leave', () => {
    const long = { medianMs: 240 * s, sigma: 0.3 };
    const window = { lowMs: 95 * s, highMs: 105 * s };
    const delay = nextPollDelay({ elapsedMs: 90 * s, prior: long, window, random: noJitter });
    expect(90 * s + delay).toBeGreaterThan(95 * s);
    expect(90 * s + delay).toBeLessThan(105 * s);
  });

  it('backs off with the overrun once the job outlasts every estimate', () => {
    const at = (t: number) => nextPollDelay({ elapsedMs: t * s, prior: restart, random: noJitter });
    // Two spreads past 25 s is 45.6 s.
    expect(at(60)).toBe(near);
    expect(at(145)).toBeCloseTo(0.15 * (145 - 45.55) * s, -2);
    expect(at(10_000)).toBe(defaultPollSchedule.maxMs);
  });

  it('spreads far jumps by at most ±15 % and stays between the floor and the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * 3600 * s }),
        fc.option(
          fc.record({
            medianMs: fc.integer({ min: 100, max: 3600 * s }),
            sigma: fc.double({ min: 0.05, max: 2, noNaN: true }),
          }),
          { nil: null },
        ),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (elapsedMs, prior, r) => {
          const base = nextPollDelay({ elapsedMs, prior, random: noJitter });
          const jittered = nextPollDelay({ elapsedMs, prior, random: () => r });
          expect(Math.abs(jittered - base)).toBeLessThanOrEqual(
            Math.ceil(0.15 * Math.max(0, base - near)) + 1,
          );
          for (const delay of [base, jittered]) {
            expect(delay).toBeGreaterThanOrEqual(defaultPollSchedule.minMs);
            expect(delay).toBeLessThanOrEqual(defaultPollSchedule.maxMs);
          }
        },
      ),
    );
  });
});

describe('progress memory', () => {
  const read = (memory: typeof emptyProgressMemory, progress: number, now: number, previousPollAt: number) =>
    observeProgress(memory, { status: 'in_progress', progress, now, previousPollAt, startedAt: 0 });

  it('keeps the end of a job with linear progress inside a window that narrows with each reading', () => {
    // A job queued for 1 s, then 100 s running at 1 % a second, read in 10 % steps.
    const queued = observeProgress(emptyProgressMemory, {
      status: 'queued',
      progress: 0,
      now: 1 * s,
      previousPollAt: 0,
      startedAt: 0,
    });
    const first = read(queued, 40, 41.5 * s, 1 * s);
    const second = read(first, 80, 81.5 * s, 41.5 * s);
    for (const m of [first, second]) {
      expect(m.endLow!).toBeLessThanOrEqual(101 * s);
      expect(m.endHigh!).toBeGreaterThanOrEqual(101 * s);
    }
    expect(second.endHigh! - second.endLow!).toBeLessThan(first.endHigh! - first.endLow!);
    expect(second.step).toBe(40);
  });

  it('starts a new window when a reading contradicts the old one', () => {
    const stalled = {
      ...emptyProgressMemory,
      progress: 50,
      progressAt: 10 * s,
      endLow: 18 * s,
      endHigh: 22 * s,
    };
    const later = read(stalled, 60, 60 * s, 50 * s);
    expect(later.endLow!).toBeGreaterThan(22 * s);
  });

  it('gives the schedule its window relative to the operation’s start', () => {
    const memory = { ...emptyProgressMemory, endLow: 105 * s, endHigh: 125 * s };
    expect(
      scheduleInputFor(memory, { startedAt: 5 * s, now: 65 * s, jobStartAt: 7 * s, prior: restart }),
    ).toEqual({
      elapsedMs: 60 * s,
      prior: restart,
      jobStartMs: 2 * s,
      window: { lowMs: 100 * s, highMs: 120 * s },
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
