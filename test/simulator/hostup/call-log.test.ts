import { afterEach, describe, expect, it } from 'vitest';
import type { HostUpSimulator } from '../../../src/simulator/hostup/index.js';
import { call, callJson, closeAll, startSim, waitFor } from './helpers.js';

afterEach(closeAll);

const control = (sim: HostUpSimulator, path: string) => callJson(sim, `/_sim/${path}`, { token: null });

describe('HostUp simulator: the ordered call log', () => {
  it('numbers every request in order of arrival and lists the acting ones as calls', async () => {
    const sim = await startSim();
    await call(sim, '/api/v2/vps');
    await call(sim, '/api/v2/vps/vps_web01/actions/restart', { method: 'POST' });
    await call(sim, '/api/v2/vps/vps_web01/status');
    await call(sim, '/api/v2/vps/vps_web02/hostname', { method: 'PUT', body: { hostname: 'a.example.com' } });
    expect(sim.requests.map((r) => [r.seq, r.method, r.acting])).toEqual([
      [1, 'GET', false],
      [2, 'POST', true],
      [3, 'GET', false],
      [4, 'PUT', true],
    ]);
    expect(sim.calls).toEqual([
      {
        seq: 2,
        method: 'POST',
        path: '/api/v2/vps/vps_web01/actions/restart',
        vpsId: 'vps_web01',
        acting: true,
        body: null,
        at: expect.any(Number),
        fault: null,
        routeStatus: 202,
        jobId: sim.jobs[0]?.id,
      },
      expect.objectContaining({
        seq: 4,
        vpsId: 'vps_web02',
        body: { hostname: 'a.example.com' },
        routeStatus: 200,
        jobId: null,
      }),
    ]);
  });

  it('serves the same calls over GET /_sim/calls, without control calls', async () => {
    const sim = await startSim();
    await call(sim, '/api/v2/vps/vps_web01/snapshots', { method: 'POST', body: { name: 'a' } });
    await control(sim, 'state');
    const { status, body } = await control(sim, 'calls');
    expect(status).toBe(200);
    expect(body.calls).toEqual(JSON.parse(JSON.stringify(sim.calls)));
    expect(body.calls).toHaveLength(1);
    expect(body.calls[0]).toMatchObject({
      seq: 1,
      vpsId: 'vps_web01',
      body: { name: 'a' },
      routeStatus: 202,
    });
  });

  it('records a refused call with the status HostUp gave and no job', async () => {
    const sim = await startSim();
    await call(sim, '/api/v2/vps/vps_staging/actions/restart', { method: 'POST' });
    await call(sim, '/api/v2/vps/vps_web01/actions/reset', { method: 'POST', token: 'wrong' });
    expect(sim.calls.map((c) => [c.routeStatus, c.jobId])).toEqual([
      [409, null],
      [401, null],
    ]);
  });

  it('records a call met by a fault that answered instead of HostUp as never run', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'drop', when: 'before' });
    await call(sim, '/api/v2/vps/vps_web01/actions/restart', { method: 'POST' }).catch(() => undefined);
    expect(sim.calls).toEqual([
      expect.objectContaining({ seq: 1, fault: 'drop', routeStatus: null, jobId: null }),
    ]);
  });

  it('decodes the VPS id of a path and leaves it null elsewhere', async () => {
    const sim = await startSim();
    await call(sim, '/api/v2/vps/vps%5Fweb01/actions/start', { method: 'POST' });
    await call(sim, '/api/jobs/job_x', { method: 'POST' });
    expect(sim.calls.map((c) => c.vpsId)).toEqual(['vps_web01', null]);
  });

  it('orders a job finishing before a later call: the snapshot was taken before the restore was asked', async () => {
    const sim = await startSim();
    const snap = await callJson(sim, '/api/v2/vps/vps_web02/snapshots', {
      method: 'POST',
      body: { name: 'safe' },
    });
    await waitFor(() => sim.getJob(snap.body.operation.jobId)?.status === 'completed');
    await call(sim, '/api/v2/vps/vps_web02/snapshots/safe/actions/restore', { method: 'POST' });
    const [created, restore] = sim.calls;
    const job = sim.getJob(created?.jobId ?? '');
    expect(job?.finishedSeq).toEqual(expect.any(Number));
    expect(job?.finishedSeq).toBeGreaterThan(created?.seq ?? Number.POSITIVE_INFINITY);
    expect(job?.finishedSeq).toBeLessThan(restore?.seq ?? 0);
    expect(restore?.routeStatus).toBe(202);
  });

  it('counts repeated acting calls: the same POST sent twice shows twice', async () => {
    const sim = await startSim({ job: { queuedMs: 10, runningMs: 10 } });
    await call(sim, '/api/v2/vps/vps_web01/actions/restart', { method: 'POST' });
    await waitFor(() => sim.jobs[0]?.status === 'completed');
    await call(sim, '/api/v2/vps/vps_web01/actions/restart', { method: 'POST' });
    const restarts = sim.calls.filter((c) => c.path.endsWith('/actions/restart'));
    // seq 2 went to the first job finishing in between.
    expect(restarts.map((c) => c.seq)).toEqual([1, 3]);
    expect(sim.jobs[0]?.finishedSeq).toBe(2);
    expect(new Set(restarts.map((c) => c.jobId)).size).toBe(2);
  });
});
