import { afterEach, describe, expect, it } from 'vitest';
import { call, callJson, closeAll, startSim, waitFor } from './helpers.js';

afterEach(closeAll);

/** Whether a promise settles within `ms`: used only to show that a stalled answer does not. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<'settled' | 'pending'> {
  return Promise.race([
    promise.then(
      () => 'settled' as const,
      () => 'settled' as const,
    ),
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms)),
  ]);
}

const restartPath = '/api/v2/vps/vps_web01/actions/restart';

describe('HostUp simulator: injected faults', () => {
  it('delays the answer by the latency and then answers normally', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'latency', ms: 150, match: { method: 'GET', path: '/api/v2/vps' } });
    const started = Date.now();
    const { status, body } = await callJson(sim, '/api/v2/vps');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(status).toBe(200);
    expect(body.data).toHaveLength(5);
  });

  it('acts before a slow answer, so a late 202 still means the job exists', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'latency', ms: 200, match: { path: /actions\/restart$/ } });
    const pending = call(sim, restartPath, { method: 'POST' });
    await waitFor(() => sim.jobs.length === 1);
    expect((await pending).status).toBe(202);
  });

  it('answers an injected status with Problem Details and does not act', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'status', status: 502, match: { method: 'POST' } });
    sim.inject({ kind: 'status', status: 409, code: 'existing_invoice_blocking', detail: 'Pay first' });
    const first = await callJson(sim, restartPath, { method: 'POST' });
    expect(first.status).toBe(502);
    expect(first.headers.get('content-type')).toBe('application/problem+json');
    expect(first.body).toMatchObject({
      code: 'external_provider_failed',
      requestId: first.headers.get('x-request-id'),
    });
    const second = await callJson(sim, '/api/v2/vps');
    expect(second.body).toMatchObject({
      status: 409,
      code: 'existing_invoice_blocking',
      detail: 'Pay first',
    });
    expect(sim.jobs).toHaveLength(0);
  });

  it('answers an injected 429 with Retry-After and an ISO X-RateLimit-Reset', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'rateLimit', retryAfterSec: 7 });
    const { status, headers, body } = await callJson(sim, restartPath, { method: 'POST' });
    expect(status).toBe(429);
    expect(body.code).toBe('rate_limited');
    expect(headers.get('retry-after')).toBe('7');
    expect(headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
    expect(headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = headers.get('x-ratelimit-reset') ?? '';
    expect(reset).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(reset) - Date.now()).toBeGreaterThan(5000);
    expect(Date.parse(reset) - Date.now()).toBeLessThanOrEqual(7000);
    expect(sim.jobs).toHaveLength(0);
  });

  it('drops the connection before acting: the request arrived but nothing happened', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'drop', when: 'before' });
    await expect(call(sim, restartPath, { method: 'POST' })).rejects.toThrow();
    expect(sim.count('POST', restartPath)).toBe(1);
    expect(sim.jobs).toHaveLength(0);
    expect(sim.getVps('vps_web01')?.powerState).toBe('running');
  });

  it('drops the connection after acting: the answer is lost but the job runs', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'drop', when: 'after' });
    await expect(call(sim, restartPath, { method: 'POST' })).rejects.toThrow();
    expect(sim.jobs).toHaveLength(1);
    await waitFor(() => sim.jobs[0]?.status === 'completed');
  });

  it('sends a malformed body with the status and content type asked for', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'malformed', body: '<html>oops', contentType: 'text/html', status: 502 });
    sim.inject({ kind: 'malformed', body: '{"trunc' });
    const html = await call(sim, '/api/v2/vps');
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(await html.text()).toBe('<html>oops');
    const truncated = await call(sim, '/api/v2/vps');
    expect(truncated.status).toBe(200);
    await expect(truncated.json()).rejects.toThrow();
  });

  it('answers in the older error shape on request', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'legacyError', status: 400 });
    const { status, headers, body } = await callJson(sim, '/api/v2/vps/vps_web01/details');
    expect(status).toBe(400);
    expect(body).toEqual({
      error: expect.any(String),
      message: expect.any(String),
      code: 'BAD_REQUEST',
      timestamp: expect.any(String),
      requestId: headers.get('x-request-id'),
    });
  });

  it('never sends headers when stalling before them, and does not act', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'stall', when: 'headers' });
    const abort = new AbortController();
    const pending = call(sim, restartPath, { method: 'POST', signal: abort.signal });
    await waitFor(() => sim.requests.length === 1);
    expect(await settlesWithin(pending, 100)).toBe('pending');
    abort.abort();
    await expect(pending).rejects.toThrow(/aborted/i);
    expect(sim.jobs).toHaveLength(0);
  });

  it('sends headers and half the body when stalling in the body, after acting', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'stall', when: 'body' });
    const abort = new AbortController();
    const res = await call(sim, restartPath, { method: 'POST', signal: abort.signal });
    expect(res.status).toBe(202);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(10);
    expect(sim.jobs).toHaveLength(1);
    const text = res.text();
    expect(await settlesWithin(text, 100)).toBe('pending');
    abort.abort();
    await expect(text).rejects.toThrow();
  });

  it('applies a fault only to matching requests, as many times as asked', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'status', status: 500, times: 2, match: { path: '/details' } });
    expect((await call(sim, '/api/v2/vps')).status).toBe(200);
    expect((await call(sim, '/api/v2/vps/vps_web01/details')).status).toBe(500);
    expect((await call(sim, '/api/v2/vps/vps_web02/details')).status).toBe(500);
    expect((await call(sim, '/api/v2/vps/vps_web01/details')).status).toBe(200);
  });

  it('keeps an endless fault until the faults are cleared', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'status', status: 503, times: Number.POSITIVE_INFINITY });
    for (let i = 0; i < 3; i++) expect((await call(sim, '/api/v2/vps')).status).toBe(503);
    sim.clearFaults();
    expect((await call(sim, '/api/v2/vps')).status).toBe(200);
  });

  it('ends a stalled request and stops running jobs on close()', async () => {
    const sim = await startSim({ job: { queuedMs: 10, runningMs: 10_000 } });
    await call(sim, restartPath, { method: 'POST' });
    sim.inject({ kind: 'stall', when: 'headers' });
    const stalled = call(sim, '/api/v2/vps');
    await waitFor(() => sim.requests.length === 2);
    await sim.close();
    await expect(stalled).rejects.toThrow();
    const status = sim.jobs[0]?.status;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sim.jobs[0]?.status).toBe(status);
  });
});
