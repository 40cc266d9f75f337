import { afterEach, describe, expect, it } from 'vitest';
import { call, callJson, closeAll, startSim, waitFor } from './helpers.js';

afterEach(closeAll);

const everyGate = [
  'canStart',
  'canShutdown',
  'canStop',
  'canRestart',
  'canReset',
  'canRestore',
  'canRestoreFromAnotherVps',
  'canChange',
];

describe('HostUp simulator: details and gates', () => {
  it('sends canStart/canShutdown/canStop as bare booleans and the other gates as objects', async () => {
    const sim = await startSim();
    const { status, body } = await callJson(sim, '/api/v2/vps/vps_web01/details');
    expect(status).toBe(200);
    expect(Object.keys(body.actions).sort()).toEqual([...everyGate].sort());
    expect(body.actions.canStart).toBe(false);
    expect(body.actions.canShutdown).toBe(true);
    expect(body.actions.canStop).toBe(true);
    expect(body.actions.canRestart).toEqual({ allowed: true, reason: null, code: null });
    expect(body.actions.canChange).toEqual({ allowed: true, reason: null, code: null });
    expect(body).toMatchObject({
      hostname: 'web-01.example.com',
      productName: expect.any(String),
      bandwidth: expect.any(Object),
      ipAddresses: [{ address: '203.0.113.10', version: 4, primary: true }],
      powerState: 'running',
    });
  });

  it('allows only start on a stopped VPS and says why the rest are refused', async () => {
    const sim = await startSim();
    const { body } = await callJson(sim, '/api/v2/vps/vps_staging/details');
    expect(body.actions.canStart).toBe(true);
    expect(body.actions.canShutdown).toBe(false);
    expect(body.actions.canRestart).toEqual({
      allowed: false,
      reason: 'The VPS is not running',
      code: 'invalid_power_state',
    });
  });

  it('refuses every gate on a suspended service, with a reason', async () => {
    const sim = await startSim();
    const { body } = await callJson(sim, '/api/v2/vps/vps_legacyapp/details');
    for (const name of everyGate) {
      const gate = body.actions[name];
      if (typeof gate === 'boolean') expect(gate).toBe(false);
      else expect(gate).toMatchObject({ allowed: false, reason: expect.stringContaining('suspended') });
    }
  });

  it('refuses every gate while a job for the VPS is unfinished, then opens them again', async () => {
    const sim = await startSim({ job: { queuedMs: 20, runningMs: 400 } });
    await call(sim, '/api/v2/vps/vps_web02/actions/restart', { method: 'POST' });
    const { body } = await callJson(sim, '/api/v2/vps/vps_web02/details');
    expect(body.actions.canRestart).toEqual({
      allowed: false,
      reason: 'Another operation is in progress',
      code: 'vps_not_ready',
    });
    expect(body.actions.canShutdown).toBe(false);
    await waitFor(() => sim.jobs[0]?.status === 'completed');
    const after = await callJson(sim, '/api/v2/vps/vps_web02/details');
    expect(after.body.actions.canRestart.allowed).toBe(true);
  });

  it('reports live status with pending tasks', async () => {
    const sim = await startSim({ job: { queuedMs: 20, runningMs: 5000 } });
    const idle = await callJson(sim, '/api/v2/vps/vps_web01/status');
    expect(idle.body).toMatchObject({
      powerState: 'running',
      uptimeSeconds: expect.any(Number),
      cpuUsagePercent: expect.any(Number),
      memory: expect.any(Object),
      storage: expect.any(Object),
      network: expect.any(Object),
      pendingTasks: 0,
    });
    expect(idle.body.uptimeSeconds).toBeGreaterThan(0);
    await call(sim, '/api/v2/vps/vps_web01/actions/reset', { method: 'POST' });
    const busy = await callJson(sim, '/api/v2/vps/vps_web01/status');
    expect(busy.body.pendingTasks).toBe(1);
    const stopped = await callJson(sim, '/api/v2/vps/vps_staging/status');
    expect(stopped.body).toMatchObject({ powerState: 'stopped', uptimeSeconds: 0 });
  });
});
