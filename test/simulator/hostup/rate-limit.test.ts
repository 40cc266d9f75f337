import { afterEach, describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../../../src/simulator/hostup/rate-limit.js';
import { call, callJson, closeAll, startSim, waitFor } from './helpers.js';

afterEach(closeAll);

describe('HostUp simulator: sliding-window rate limit', () => {
  it('slides: a slot frees when the oldest accepted request leaves the window, not at a fixed boundary', () => {
    const limiter = new SlidingWindowLimiter({ limit: 2, windowMs: 400 });
    expect(limiter.check(0).allowed).toBe(true);
    expect(limiter.check(200).allowed).toBe(true);
    expect(limiter.check(300).allowed).toBe(false);
    expect(limiter.check(401).allowed).toBe(true);
    expect(limiter.check(450).allowed).toBe(false);
    expect(limiter.check(601).allowed).toBe(true);
  });

  it('counts down X-RateLimit-Remaining, then refuses with 429 rate_limit_exceeded', async () => {
    const sim = await startSim({ rateLimit: { limit: 3, windowMs: 60_000 } });
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call(sim, '/api/v2/vps');
      expect(res.status).toBe(200);
      remaining.push(res.headers.get('x-ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const { status, headers, body } = await callJson(sim, '/api/v2/vps');
    expect(status).toBe(429);
    expect(body.code).toBe('rate_limit_exceeded');
    const retryAfter = Number(headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(30);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(headers.get('x-ratelimit-limit')).toBe('3');
    const firstAt = sim.requests[0]?.at ?? 0;
    expect(
      Math.abs(Date.parse(headers.get('x-ratelimit-reset') ?? '') - (firstAt + 60_000)),
    ).toBeLessThanOrEqual(5);
  });

  it('accepts again once the window has slid past the earlier requests', async () => {
    const sim = await startSim({ rateLimit: { limit: 2, windowMs: 150 } });
    expect((await call(sim, '/api/v2/vps')).status).toBe(200);
    expect((await call(sim, '/api/v2/vps')).status).toBe(200);
    expect((await call(sim, '/api/v2/vps')).status).toBe(429);
    await waitFor(async () => (await call(sim, '/api/v2/vps')).status === 200, 5000, 20);
  });

  it('can be switched off and on at run time', async () => {
    const sim = await startSim();
    for (let i = 0; i < 5; i++) expect((await call(sim, '/api/v2/vps')).status).toBe(200);
    sim.setRateLimit({ limit: 1, windowMs: 60_000 });
    expect((await call(sim, '/api/v2/vps')).status).toBe(200);
    expect((await call(sim, '/api/v2/vps')).status).toBe(429);
    sim.setRateLimit(null);
    expect((await call(sim, '/api/v2/vps')).status).toBe(200);
  });
});
