import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { RateBudget } from '../../src/tracker/rate-budget.js';
import { settle } from './harness.js';

/** Starts `take()` and reports whether it has resolved yet. */
function track(promise: Promise<void>): { readonly done: boolean } {
  const state = { done: false };
  promise.then(() => {
    state.done = true;
  });
  return state;
}

const none = { limit: null, remaining: null, resetAt: null, retryAfterMs: null };

describe('RateBudget', () => {
  it('lets requests go at once while the API has said nothing', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ clock });
    const takes = [track(budget.take()), track(budget.take()), track(budget.take())];
    await settle();
    expect(takes.every((t) => t.done)).toBe(true);
  });

  it('holds every request until Retry-After has passed', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ clock });
    budget.observe({ ...none, retryAfterMs: 2_000 });
    const takes = [track(budget.take()), track(budget.take())];
    clock.advance(1_999);
    await settle();
    expect(takes.map((t) => t.done)).toEqual([false, false]);
    clock.advance(1);
    await settle();
    expect(takes.map((t) => t.done)).toEqual([true, true]);
  });

  it('keeps the longest pause when several 429s arrive', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ clock });
    budget.observe({ ...none, retryAfterMs: 5_000 });
    budget.observe({ ...none, retryAfterMs: 1_000 });
    expect(budget.waitMs()).toBe(5_000);
  });

  it('paces requests at the limit less a reserve per window, one per interval, in the order they asked', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ clock });
    // 100 per 10 s, 10 kept back for people: one every 10 s / 90 = 111 ms, a turn taken up to 25 ms
    // early when the one before it came late (a busy event loop), never more.
    budget.observe({ limit: 100, remaining: 100, resetAt: clock.now() + 10_000, retryAfterMs: null });
    const order: number[] = [];
    const takes = [0, 1, 2].map((i) => track(budget.take().then(() => void order.push(i))));
    await settle();
    expect(takes.map((t) => t.done)).toEqual([true, false, false]);
    clock.advance(85);
    await settle();
    expect(takes.map((t) => t.done)).toEqual([true, false, false]);
    clock.advance(2);
    await settle();
    expect(takes.map((t) => t.done)).toEqual([true, true, false]);
    clock.advance(111);
    await settle();
    expect(order).toEqual([0, 1, 2]);
  });

  it('keeps pacing past a reset rather than bursting into a window that slides', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ clock });
    budget.observe({ limit: 100, remaining: 100, resetAt: clock.now() + 10_000, retryAfterMs: null });
    const first = track(budget.take());
    await settle();
    expect(first.done).toBe(true);
    clock.advance(10_000);
    // The reset passed and nothing new was said: a new window is assumed, paced as before.
    const again = [track(budget.take()), track(budget.take())];
    await settle();
    expect(again.map((t) => t.done)).toEqual([true, false]);
  });

  it('lets only a few go before the API has said anything, and all once it proves to send no figures', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ clock, probe: 4 });
    expect(budget.available()).toBe(4);
    const takes = Array.from({ length: 6 }, () => track(budget.take()));
    await settle();
    expect(takes.filter((t) => t.done)).toHaveLength(4);
    for (let i = 0; i < 4; i++) budget.release();
    clock.advance(20);
    await settle();
    expect(takes.every((t) => t.done)).toBe(true);
    expect(budget.available()).toBe(Number.POSITIVE_INFINITY);
  });

  it('counts the probe let out before HostUp said its limit against the pacing that follows', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ clock });
    for (let i = 0; i < 8; i++) void budget.take();
    budget.observe({ limit: 100, remaining: 92, resetAt: clock.now() + 10_000, retryAfterMs: null });
    // Eight turns of 111 ms are spoken for: the next one is about 889 ms away (less the catch-up).
    expect(budget.waitMs()).toBeGreaterThan(860);
    expect(budget.waitMs()).toBeLessThan(890);
  });

  it('waits for the reset when only the reserve is left, then recovers', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ clock });
    budget.observe({ limit: 100, remaining: 10, resetAt: clock.now() + 30_000, retryAfterMs: null });
    const take = track(budget.take());
    clock.advance(29_000);
    await settle();
    expect(take.done).toBe(false);
    clock.advance(1_000);
    await settle();
    expect(take.done).toBe(true);
    // After the reset a new window is assumed: requests go again, paced (30 s / 90 apart).
    const after = track(budget.take());
    clock.advance(334);
    await settle();
    expect(after.done).toBe(true);
  });

  it('paces without any wait while turns are free (a request now and then goes at once)', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ clock });
    budget.observe({ limit: 100, remaining: 90, resetAt: clock.now() + 60_000, retryAfterMs: null });
    for (let i = 0; i < 5; i++) {
      const take = track(budget.take());
      await settle();
      expect(take.done).toBe(true);
      clock.advance(1_000);
    }
  });

  it('stops waiting when its signal is aborted', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ clock });
    budget.observe({ ...none, retryAfterMs: 60_000 });
    const controller = new AbortController();
    controller.abort(new Error('stopping'));
    await expect(budget.take(controller.signal)).rejects.toThrow('stopping');
  });
});
