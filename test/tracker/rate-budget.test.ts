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

  it('paces requests at the limit, less a reserve, per window once few remain', async () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ clock });
    // 20 left of 100 (low), 10 kept back for people, a 10 s window: one every 10 s / 90.
    budget.observe({ limit: 100, remaining: 20, resetAt: clock.now() + 10_000, retryAfterMs: null });
    const first = track(budget.take());
    await settle();
    expect(first.done).toBe(true);
    const second = track(budget.take());
    clock.advance(110);
    await settle();
    expect(second.done).toBe(false);
    clock.advance(2);
    await settle();
    expect(second.done).toBe(true);
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

  it('counts the requests still in flight against the remaining an answer reports', () => {
    const clock = new ManualClock();
    const budget = new RateBudget({ clock });
    for (let i = 0; i < 3; i++) void budget.take();
    // The answer to one of three requests in flight: the other two will count too.
    budget.observe({ limit: 100, remaining: 60, resetAt: clock.now() + 60_000, retryAfterMs: null });
    expect(budget.available()).toBe(58 - 50);
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
    // After the reset the figures are out of date: a few go at once until an answer says more.
    const after = [track(budget.take()), track(budget.take()), track(budget.take())];
    await settle();
    expect(after.every((t) => t.done)).toBe(true);
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
