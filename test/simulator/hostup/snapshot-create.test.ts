import { afterEach, describe, expect, it } from 'vitest';
import type { HostUpSimulator } from '../../../src/simulator/hostup/index.js';
import { call, callJson, closeAll, startSim, waitFor } from './helpers.js';

afterEach(closeAll);

const create = (sim: HostUpSimulator, vpsId: string, body: unknown) =>
  callJson(sim, `/api/v2/vps/${vpsId}/snapshots`, { method: 'POST', body });

const canCreate = async (sim: HostUpSimulator, vpsId: string) =>
  (await callJson(sim, `/api/v2/vps/${vpsId}/snapshots`)).body.actions.canCreate;

const control = (sim: HostUpSimulator, path: string, body: unknown) =>
  callJson(sim, `/_sim/${path}`, { method: 'POST', token: null, body });

describe('HostUp simulator: creating a snapshot', () => {
  it('queues a snapshot_create job that runs through its statuses and then adds the snapshot', async () => {
    const sim = await startSim({ job: { queuedMs: 100, runningMs: 200, progressSteps: 2 } });
    const { status, body } = await create(sim, 'vps_web02', {
      name: 'pre-deploy',
      description: 'Before 2.4',
    });
    expect(status).toBe(202);
    expect(body.operation).toMatchObject({ status: 'queued', jobId: expect.stringMatching(/^job_/) });
    const seen = new Set<string>();
    const last = await waitFor(async () => {
      const poll = await callJson(sim, body.operation.pollUrl);
      seen.add(poll.body.data.status);
      expect(sim.getVps('vps_web02')?.powerState).toBe('running');
      return poll.body.data.isCompleted ? poll.body.data : null;
    });
    expect([...seen]).toEqual(['queued', 'in_progress', 'completed']);
    expect(last).toMatchObject({ type: 'snapshot_create', result: { snapshotName: 'pre-deploy' } });
    const list = await callJson(sim, '/api/v2/vps/vps_web02/snapshots');
    expect(list.body.data).toEqual([
      expect.objectContaining({
        name: 'pre-deploy',
        description: 'Before 2.4',
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
      }),
    ]);
    const [snap] = list.body.data;
    expect(Date.parse(snap.expiresAt) - Date.parse(snap.createdAt)).toBe(86_400_000);
    expect(list.body.available).toBe(2);
  });

  it('does not add the snapshot when the job fails', async () => {
    const sim = await startSim();
    sim.failNextJob({ action: 'snapshot_create', code: 'storage_full', detail: 'No room' });
    const { body } = await create(sim, 'vps_web02', { name: 'doomed' });
    await waitFor(() => sim.getJob(body.operation.jobId)?.status === 'failed');
    expect(sim.getVps('vps_web02')?.snapshots).toEqual([]);
  });

  it('closes canCreate, with a reason, while the VPS is stopped, suspended, busy or full', async () => {
    const sim = await startSim({ job: { queuedMs: 20, runningMs: 2_000 } });
    expect(await canCreate(sim, 'vps_web01')).toEqual({ allowed: true, reason: null, code: null });
    expect(await canCreate(sim, 'vps_staging')).toMatchObject({
      allowed: false,
      reason: 'The VPS is not running',
    });
    expect(await canCreate(sim, 'vps_legacyapp')).toMatchObject({
      allowed: false,
      reason: 'The service is suspended',
    });
    await call(sim, '/api/v2/vps/vps_web02/actions/restart', { method: 'POST' });
    expect(await canCreate(sim, 'vps_web02')).toMatchObject({ allowed: false, code: 'vps_not_ready' });
    await create(sim, 'vps_db01', { name: 'a' });
    expect(await canCreate(sim, 'vps_db01')).toMatchObject({ allowed: false, code: 'vps_not_ready' });
    sim.updateVps('vps_web01', { snapshotLimit: 2 });
    expect(await canCreate(sim, 'vps_web01')).toEqual({
      allowed: false,
      reason: 'Snapshot limit reached (2)',
      code: 'snapshot_limit_reached',
    });
  });

  it('refuses with 409 and queues nothing when the gate is closed', async () => {
    const sim = await startSim();
    const stopped = await create(sim, 'vps_staging', { name: 'x' });
    expect(stopped).toMatchObject({
      status: 409,
      body: { code: 'vps_not_ready', detail: 'The VPS is not running' },
    });
    sim.updateVps('vps_web01', { snapshotLimit: 2 });
    const full = await create(sim, 'vps_web01', { name: 'x' });
    expect(full).toMatchObject({ status: 409, body: { code: 'snapshot_limit_reached' } });
    expect(sim.jobs).toHaveLength(0);
  });

  it('lets the control API close and open the gate: power state, service status, limit', async () => {
    const sim = await startSim();
    expect((await control(sim, 'vps/vps_web01', { powerState: 'stopped' })).body).toEqual({ ok: true });
    expect(await canCreate(sim, 'vps_web01')).toMatchObject({
      allowed: false,
      reason: 'The VPS is not running',
    });
    await control(sim, 'vps/vps_web01', { powerState: 'running', snapshotLimit: 5 });
    expect(await canCreate(sim, 'vps_web01')).toMatchObject({ allowed: true });
    expect((await callJson(sim, '/api/v2/vps/vps_web01/snapshots')).body.limits).toEqual({
      totalSnapshots: 5,
    });
    await control(sim, 'vps/vps_web01', { serviceStatus: 'suspended' });
    expect(await canCreate(sim, 'vps_web01')).toMatchObject({ allowed: false, code: 'service_not_active' });
  });

  it('refuses a control patch it cannot read, and one for an unknown VPS', async () => {
    const sim = await startSim();
    expect((await control(sim, 'vps/vps_web01', { powerState: 'asleep' })).status).toBe(400);
    expect((await control(sim, 'vps/vps_web01', { snapshotLimit: -1 })).status).toBe(400);
    expect((await control(sim, 'vps/vps_web01', { colour: 'blue' })).body.error).toBe(
      'Unknown fields: colour',
    );
    expect((await control(sim, 'vps/vps_nope', { powerState: 'stopped' })).status).toBe(404);
    expect(sim.getVps('vps_web01')?.powerState).toBe('running');
  });

  it.each([
    ['no name', { description: 'x' }, '/name', 'required'],
    ['a name HostUp would not keep', { name: 'has space' }, '/name', 'invalid_snapshot_name'],
    ['an unexpected field', { name: 'ok', memory: true }, '/memory', 'unexpected_field'],
    [
      'a description that is not text',
      { name: 'ok', description: 42 },
      '/description',
      'invalid_description',
    ],
    ['a body that is not an object', ['ok'], '', 'invalid_type'],
  ])('answers 400 invalid_request for %s and queues nothing', async (_what, body, pointer, code) => {
    const sim = await startSim();
    const res = await create(sim, 'vps_web01', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_request');
    expect(res.body.errors).toContainEqual({ pointer, detail: expect.any(String), code });
    expect(sim.jobs).toHaveLength(0);
  });

  it('answers 400 for a body that is not JSON, and 409 for a name already taken', async () => {
    const sim = await startSim();
    const raw = await call(sim, '/api/v2/vps/vps_web01/snapshots', { method: 'POST', rawBody: '{"name":' });
    expect(raw.status).toBe(400);
    const taken = await create(sim, 'vps_web01', { name: 'before-upgrade' });
    expect(taken).toMatchObject({ status: 409, body: { code: 'snapshot_exists' } });
    expect(sim.jobs).toHaveLength(0);
  });

  it('meets injected faults like every other route', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'status', status: 503, match: { method: 'POST', path: '/snapshots' } });
    const res = await create(sim, 'vps_web01', { name: 'x' });
    expect(res.status).toBe(503);
    expect(sim.jobs).toHaveLength(0);
    expect(sim.calls[0]).toMatchObject({ fault: 'status', routeStatus: null });
  });
});
