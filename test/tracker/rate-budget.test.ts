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

  it('paces requests at the limit less a reserve per window: a burst of the reserve, then one per interval', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ clock });
    // 100 per 10 s, 10 kept back for people: one every 10 s / 90 after a burst of 10.
    budget.observe({ limit: 100, remaining: 100, resetAt: clock.now() + 10_000, retryAfterMs: null });
    const burst = Array.from({ length: 10 }, () => track(budget.take()));
    await settle();
    expect(burst.every((t) => t.done)).toBe(true);
    const next = track(budget.take());
    clock.advance(110);
    await settle();
    expect(next.done).toBe(false);
    clock.advance(2);
    await settle();
    expect(next.done).toBe(true);
  });

  it('keeps pacing past a reset rather than bursting into a window that slides', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ clock });
    budget.observe({ limit: 100, remaining: 100, resetAt: clock.now() + 10_000, retryAfterMs: null });
    for (let i = 0; i < 10; i++) await budget.take();
    clock.advance(10_000);
    // The reset passed and nothing new was said: a new window is assumed, paced as before (a burst
    // of the reserve at most, not the whole limit).
    expect(budget.available()).toBe(10);
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

  it('counts the probe let out before HostUp said its limit against the pacing that follows', () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ clock });
    for (let i = 0; i < 8; i++) void budget.take();
    budget.observe({ limit: 100, remaining: 92, resetAt: clock.now() + 10_000, retryAfterMs: null });
    // A burst of 10 at most, 8 of it already out.
    expect(budget.available()).toBe(2);
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
    // After the reset a new window is assumed: requests go again, paced.
    const after = track(budget.take());
    await settle();
    expect(after.done).toBe(true);
  });

  it('does not slow anything while plenty of the window remains', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ clock });
    budget.observe({ limit: 100, remaining: 90, resetAt: clock.now() + 60_000, retryAfterMs: null });
    const takes = Array.from({ length: 5 }, () => track(budget.take()));
    await settle();
    expect(takes.every((t) => t.done)).toBe(true);
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
