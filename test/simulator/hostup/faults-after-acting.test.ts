import { afterEach, describe, expect, it } from 'vitest';
import type { HostUpSimulator } from '../../../src/simulator/hostup/index.js';
import { call, callJson, closeAll, startSim, waitFor } from './helpers.js';

afterEach(closeAll);

const restartPath = '/api/v2/vps/vps_web01/actions/restart';

const control = (sim: HostUpSimulator, method: string, path: string, body?: unknown) =>
  callJson(sim, `/_sim/${path}`, { method, token: null, ...(body !== undefined && { body }) });

/** Whether a promise settles within `ms`: used only to show that a held answer does not. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<'settled' | 'pending'> {
  return Promise.race([
    promise.then(
      () => 'settled' as const,
      () => 'settled' as const,
    ),
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms)),
  ]);
}

describe('HostUp simulator: the hold fault', () => {
  it('records and carries out the call, and holds its answer until released over HTTP', async () => {
    const sim = await startSim();
    await control(sim, 'POST', 'faults', { kind: 'hold', match: { method: 'POST' } });
    const pending = callJson(sim, restartPath, { method: 'POST' });
    await waitFor(() => sim.held.length === 1);
    expect(sim.calls).toEqual([expect.objectContaining({ seq: 1, fault: 'hold', routeStatus: 202 })]);
    expect(sim.jobs).toHaveLength(1);
    expect(await settlesWithin(pending, 100)).toBe('pending');
    const held = await control(sim, 'GET', 'held');
    expect(held.body.held).toEqual([
      {
        seq: 1,
        method: 'POST',
        path: restartPath,
        vpsId: 'vps_web01',
        status: 202,
        heldSince: expect.any(Number),
      },
    ]);
    const released = await control(sim, 'POST', 'release', {});
    expect(released.body).toEqual({ ok: true, released: 1 });
    const answer = await pending;
    expect(answer.status).toBe(202);
    expect(answer.body.operation.jobId).toBe(sim.jobs[0]?.id);
    expect(sim.held).toEqual([]);
  });

  it('releases one held call by its seq and leaves the others held', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'hold', times: 2 });
    const first = call(sim, restartPath, { method: 'POST' });
    await waitFor(() => sim.held.length === 1);
    const second = call(sim, '/api/v2/vps/vps_web02/actions/reset', { method: 'POST' });
    await waitFor(() => sim.held.length === 2);
    expect(sim.release(2)).toBe(1);
    expect((await second).status).toBe(202);
    expect(sim.held.map((h) => h.seq)).toEqual([1]);
    expect(await settlesWithin(first, 50)).toBe('pending');
    expect((await control(sim, 'POST', 'release', { seq: 1 })).body.released).toBe(1);
    expect((await first).status).toBe(202);
  });

  it('sends the held answer by itself after ms', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'hold', ms: 150 });
    const started = Date.now();
    const res = await call(sim, restartPath, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('keeps the job running when the client goes away while its answer is held', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'hold' });
    const abort = new AbortController();
    const pending = call(sim, restartPath, { method: 'POST', signal: abort.signal });
    await waitFor(() => sim.held.length === 1);
    abort.abort();
    await expect(pending).rejects.toThrow(/aborted/i);
    await waitFor(() => sim.held.length === 0);
    expect(sim.release()).toBe(0);
    await waitFor(() => sim.jobs[0]?.status === 'completed');
  });

  it('refuses a hold or release it cannot read', async () => {
    const sim = await startSim();
    expect((await control(sim, 'POST', 'faults', { kind: 'hold', ms: 'soon' })).status).toBe(400);
    expect((await control(sim, 'POST', 'release', { seq: 'one' })).status).toBe(400);
  });
});

describe('HostUp simulator: faults after acting', () => {
  it('answers 503 after queuing the job when asked to, and without acting otherwise', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'status', status: 503, afterActing: true });
    sim.inject({ kind: 'status', status: 500 });
    const after = await callJson(sim, restartPath, { method: 'POST' });
    expect(after.status).toBe(503);
    expect(after.body.code).toBe('internal_error');
    expect(sim.jobs).toHaveLength(1);
    const without = await callJson(sim, '/api/v2/vps/vps_web02/actions/restart', { method: 'POST' });
    expect(without.status).toBe(500);
    expect(sim.jobs).toHaveLength(1);
    expect(sim.calls.map((c) => [c.fault, c.routeStatus, c.jobId !== null])).toEqual([
      ['status', 202, true],
      ['status', null, false],
    ]);
  });

  it('answers 202 with an unreadable body after really queuing the job', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'malformed', body: '{"operation":{"jobId":', afterActing: true });
    const res = await call(sim, restartPath, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('{"operation":{"jobId":');
    expect(sim.jobs).toHaveLength(1);
    expect(sim.calls[0]).toMatchObject({ fault: 'malformed', routeStatus: 202, jobId: sim.jobs[0]?.id });
  });

  it('takes afterActing over the control API too, and refuses one that is not a boolean', async () => {
    const sim = await startSim();
    const bad = await control(sim, 'POST', 'faults', { kind: 'status', status: 500, afterActing: 'yes' });
    expect(bad).toMatchObject({ status: 400, body: { error: 'afterActing must be a boolean' } });
    await control(sim, 'POST', 'faults', { kind: 'malformed', body: 'garbage', afterActing: true });
    expect((await call(sim, restartPath, { method: 'POST' })).status).toBe(202);
    expect(sim.jobs).toHaveLength(1);
  });
});
