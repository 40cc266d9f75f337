import { afterEach, describe, expect, it } from 'vitest';
import type { HostUpSimulator } from '../../../src/simulator/hostup/index.js';
import { call, callJson, closeAll, startSim, waitFor } from './helpers.js';

afterEach(closeAll);

/** Control calls carry no Authorization header: `/_sim/` needs none. */
const control = (sim: HostUpSimulator, method: string, path: string, body?: unknown) =>
  callJson(sim, `/_sim/${path}`, { method, token: null, ...(body !== undefined && { body }) });

describe('HostUp simulator: /_sim/ HTTP control', () => {
  it('injects a fault matched by path substring, and clears it', async () => {
    const sim = await startSim();
    const added = await control(sim, 'POST', 'faults', {
      kind: 'status',
      status: 500,
      times: 'Infinity',
      match: { path: '/details' },
    });
    expect(added).toMatchObject({ status: 200, body: { ok: true } });
    expect((await call(sim, '/api/v2/vps')).status).toBe(200);
    expect((await call(sim, '/api/v2/vps/vps_web01/details')).status).toBe(500);
    expect((await call(sim, '/api/v2/vps/vps_web01/details')).status).toBe(500);
    await control(sim, 'DELETE', 'faults');
    expect((await call(sim, '/api/v2/vps/vps_web01/details')).status).toBe(200);
  });

  it('refuses a fault it cannot read', async () => {
    const sim = await startSim();
    const res = await control(sim, 'POST', 'faults', { kind: 'meteor' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('Unknown fault kind');
  });

  it('sets job timing, envelope and the next failure', async () => {
    const sim = await startSim();
    await control(sim, 'POST', 'job-timing', { queuedMs: 5, runningMs: 30, progressSteps: 2 });
    await control(sim, 'POST', 'envelope', { envelope: 'v2' });
    await control(sim, 'POST', 'fail-next-job', { action: 'reset', code: 'internal_error', detail: 'Boom' });
    const { body } = await callJson(sim, '/api/v2/vps/vps_web01/actions/reset', { method: 'POST' });
    const done = await waitFor(async () => {
      const poll = await callJson(sim, body.operation.pollUrl);
      return poll.body.operation?.status === 'failed' ? poll.body.operation : null;
    });
    expect(done.error).toEqual({ code: 'internal_error', detail: 'Boom' });
    const state = await control(sim, 'GET', 'state');
    expect(state.body).toMatchObject({
      envelope: 'v2',
      jobTiming: { queuedMs: 5, runningMs: 30, progressSteps: 2 },
      jobs: [expect.objectContaining({ status: 'failed', vpsId: 'vps_web01' })],
    });
    expect(state.body.vpses).toHaveLength(5);
  });

  it('turns the rate limit on and off', async () => {
    const sim = await startSim();
    await control(sim, 'POST', 'rate-limit', { limit: 1, windowMs: 60_000 });
    expect((await call(sim, '/api/v2/vps')).status).toBe(200);
    expect((await call(sim, '/api/v2/vps')).status).toBe(429);
    await control(sim, 'POST', 'rate-limit', { limit: null });
    expect((await call(sim, '/api/v2/vps')).status).toBe(200);
  });

  it('lists the API requests received, without control calls', async () => {
    const sim = await startSim();
    await call(sim, '/api/v2/vps/vps_web01/hostname', { method: 'PUT', body: { hostname: 'x.example.com' } });
    const { body } = await control(sim, 'GET', 'requests');
    expect(body.requests).toEqual([
      {
        seq: 1,
        method: 'PUT',
        path: '/api/v2/vps/vps_web01/hostname',
        vpsId: 'vps_web01',
        acting: true,
        body: { hostname: 'x.example.com' },
        at: expect.any(Number),
        fault: null,
        routeStatus: 200,
        jobId: null,
      },
    ]);
  });
});
