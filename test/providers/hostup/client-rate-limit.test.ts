import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { RateLimitedError } from '../../../src/errors.js';
import { captureLogger, clientFor, closeAll, recordingClock, startSim, waitFor } from './sim-client.js';

afterEach(closeAll);

describe('HostUpClient rate limits', () => {
  it('waits for Retry-After on the injected clock before sending again', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'rateLimit', retryAfterSec: 2 });
    const clock = new ManualClock();
    const { logger, lines } = captureLogger();
    const client = clientFor(sim, { clock, logger });
    const pending = client.getVps('vps_web01');
    await waitFor(async () => lines.some((l) => l.includes('rate-limited')));
    // Asleep on a clock only the test moves: nothing more can be sent until it does.
    clock.advance(1_999);
    // A short real pause to show that nothing is sent while the wait is not over.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sim.count('GET', '/api/v2/vps/vps_web01')).toBe(1);
    clock.advance(1);
    await expect(pending).resolves.toMatchObject({ id: 'vps_web01' });
    expect(sim.count('GET', '/api/v2/vps/vps_web01')).toBe(2);
  });

  it('surfaces the 429 figures through onRateLimit and lastRateLimit', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'rateLimit', retryAfterSec: 3 });
    const clock = recordingClock();
    const client = clientFor(sim, { clock });
    const before = Date.now();
    await client.listSnapshots('vps_web01');
    expect(clock.sleeps).toEqual([3_000]);
    const info = client.rateLimits[0];
    expect(info).toMatchObject({ limit: expect.any(Number), remaining: 0, retryAfterMs: 3_000 });
    expect(info?.resetAt).toBeGreaterThanOrEqual(before + 2_000);
    expect(info?.resetAt).toBeLessThan(before + 10_000);
    expect(client.lastRateLimit).toEqual(info);
  });

  it('reports the window figures on ordinary answers too', async () => {
    const sim = await startSim({ rateLimit: { limit: 10, windowMs: 60_000 } });
    const client = clientFor(sim);
    await client.getVps('vps_web01');
    await client.getVpsStatus('vps_web01');
    expect(client.rateLimits.map((r) => r.remaining)).toEqual([9, 8]);
    expect(client.lastRateLimit).toMatchObject({ limit: 10, remaining: 8, retryAfterMs: null });
    expect(client.lastRateLimit?.resetAt).toBeGreaterThan(Date.now());
  });

  it('retries an acting POST after a 429: sent twice, acted once', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'rateLimit', retryAfterSec: 1, match: { method: 'POST' } });
    const clock = recordingClock();
    const op = await clientFor(sim, { clock }).powerAction('vps_web01', 'restart');
    expect(clock.sleeps).toEqual([1_000]);
    expect(sim.count('POST', /actions\/restart$/)).toBe(2);
    expect(sim.jobs.map((j) => j.id)).toEqual([op.jobId]);
  });

  it('gives up after max429Retries with RateLimitedError carrying retryAfterMs', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'rateLimit', retryAfterSec: 1, times: Number.POSITIVE_INFINITY });
    const clock = recordingClock();
    const err = await clientFor(sim, { clock, retry: { max429Retries: 2 } })
      .getHostname('vps_web01')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err).toMatchObject({ status: 429, code: 'rate_limited', retryAfterMs: 1_000 });
    expect(sim.count('GET', '/api/v2/vps/vps_web01/hostname')).toBe(3);
    expect(clock.sleeps).toEqual([1_000, 1_000]);
  });

  it('does not wait for a Retry-After longer than maxRetryAfterMs', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'rateLimit', retryAfterSec: 120 });
    const clock = recordingClock();
    const err = await clientFor(sim, { clock, retry: { maxRetryAfterMs: 30_000 } })
      .powerAction('vps_web01', 'reset')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterMs: 120_000 });
    expect(clock.sleeps).toEqual([]);
    expect(sim.jobs).toHaveLength(0);
  });
});
