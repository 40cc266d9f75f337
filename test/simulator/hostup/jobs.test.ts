import { afterEach, describe, expect, it } from 'vitest';
import type { HostUpSimulator } from '../../../src/simulator/hostup/index.js';
import { call, callJson, closeAll, startSim, waitFor } from './helpers.js';

afterEach(closeAll);

async function postAction(sim: HostUpSimulator, vpsId: string, action: string, body?: unknown) {
  return callJson(sim, `/api/v2/vps/${vpsId}/actions/${action}`, { method: 'POST', body });
}

/** Polls the job until it is terminal, keeping each distinct status and the power state seen with it. */
async function followJob(sim: HostUpSimulator, pollUrl: string, vpsId: string) {
  const seen: { status: string; powerState: string | undefined }[] = [];
  const last = await waitFor(async () => {
    const { body } = await callJson(sim, pollUrl);
    const status: string = body.data?.status ?? body.operation?.status;
    if (seen.at(-1)?.status !== status) seen.push({ status, powerState: sim.getVps(vpsId)?.powerState });
    return status === 'completed' || status === 'failed' ? body : null;
  });
  return { seen, last };
}

describe('HostUp simulator: jobs', () => {
  it('moves a restart from queued through in_progress to completed and reboots the VPS', async () => {
    // Long enough phases that an HTTP poll sees each one even on a busy machine.
    const sim = await startSim({ job: { queuedMs: 150, runningMs: 300, progressSteps: 3 } });
    await call(sim, '/api/v2/vps/vps_web01'); // warm the connection so the first poll is quick
    const { status, body } = await postAction(sim, 'vps_web01', 'restart');
    expect(status).toBe(202);
    expect(body.operation).toEqual({
      status: 'queued',
      jobId: expect.stringMatching(/^job_/),
      pollUrl: `/api/jobs/${body.operation.jobId}`,
      result: null,
    });
    const { seen, last } = await followJob(sim, body.operation.pollUrl, 'vps_web01');
    expect(seen.map((s) => s.status)).toEqual(['queued', 'in_progress', 'completed']);
    expect(['stopping', 'starting']).toContain(seen[1]?.powerState);
    expect(last).toMatchObject({
      success: true,
      requestId: expect.stringMatching(/^req_/),
      data: {
        jobId: body.operation.jobId,
        type: 'restart',
        state: 'completed',
        progress: 100,
        progressMessage: 'Rebooting (100%)',
        isCompleted: true,
        isFailed: false,
        vmId: 'vps_web01',
        finishedAt: expect.any(String),
      },
    });
    expect(sim.getVps('vps_web01')?.powerState).toBe('running');
  });

  it('reports rising progress with a message while running', async () => {
    const sim = await startSim({ job: { queuedMs: 10, runningMs: 200, progressSteps: 4 } });
    const { body } = await postAction(sim, 'vps_web01', 'reset');
    const job = await waitFor(() => {
      const j = sim.getJob(body.operation.jobId);
      return j && j.progress > 0 && j.status === 'in_progress' ? j : null;
    });
    expect(job.progressMessage).toMatch(/^Resetting \((25|50|75)%\)$/);
  });

  it('shuts a VPS down and starts it again, changing its power state', async () => {
    const sim = await startSim();
    const down = await postAction(sim, 'vps_web02', 'shutdown');
    await followJob(sim, down.body.operation.pollUrl, 'vps_web02');
    expect(sim.getVps('vps_web02')?.powerState).toBe('stopped');
    const up = await postAction(sim, 'vps_web02', 'start');
    await followJob(sim, up.body.operation.pollUrl, 'vps_web02');
    expect(sim.getVps('vps_web02')?.powerState).toBe('running');
  });

  it('fails the next matching job with the given code and leaves the power state as it was', async () => {
    const sim = await startSim({ job: { queuedMs: 20, runningMs: 300 } });
    sim.failNextJob({ action: 'stop', code: 'upstream_failed', detail: 'Hypervisor said no' });
    const restart = await postAction(sim, 'vps_web01', 'restart');
    const first = await followJob(sim, restart.body.operation.pollUrl, 'vps_web01');
    expect(first.last.data.status).toBe('completed');
    const stop = await postAction(sim, 'vps_web01', 'stop');
    const { seen, last } = await followJob(sim, stop.body.operation.pollUrl, 'vps_web01');
    expect(seen.some((s) => s.status === 'in_progress' && s.powerState === 'stopping')).toBe(true);
    expect(last.data).toMatchObject({
      status: 'failed',
      state: 'failed',
      isFailed: true,
      isCompleted: false,
      error: { code: 'upstream_failed', detail: 'Hypervisor said no' },
    });
    expect(sim.getVps('vps_web01')?.powerState).toBe('running');
  });

  it('answers polls with the v2 operation envelope when asked to', async () => {
    const sim = await startSim({ envelope: 'v2' });
    sim.failNextJob();
    const failed = await postAction(sim, 'vps_web01', 'restart');
    const { last } = await followJob(sim, failed.body.operation.pollUrl, 'vps_web01');
    expect(last.success).toBeUndefined();
    expect(last.operation).toMatchObject({
      status: 'failed',
      jobId: failed.body.operation.jobId,
      pollUrl: failed.body.operation.pollUrl,
      error: { code: 'upstream_failed', detail: expect.any(String) },
      createdAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    sim.setEnvelope('legacy');
    const legacy = await callJson(sim, failed.body.operation.pollUrl);
    expect(legacy.body.data.isFailed).toBe(true);
  });

  it('refuses a second action with 409 vps_not_ready while a job is running', async () => {
    const sim = await startSim({ job: { queuedMs: 20, runningMs: 5000 } });
    const first = await postAction(sim, 'vps_web01', 'restart');
    expect(first.status).toBe(202);
    const second = await postAction(sim, 'vps_web01', 'reset');
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toBe('application/problem+json');
    expect(second.body).toMatchObject({ code: 'vps_not_ready', detail: 'Another operation is in progress' });
    expect(sim.jobs).toHaveLength(1);
  });

  it('refuses actions the power state does not allow', async () => {
    const sim = await startSim();
    const start = await postAction(sim, 'vps_web01', 'start');
    expect(start.status).toBe(409);
    expect(start.body.code).toBe('vps_not_ready');
    const restart = await postAction(sim, 'vps_staging', 'restart');
    expect(restart.status).toBe(409);
  });

  it('accepts {force: true} on restart and refuses a non-boolean force', async () => {
    const sim = await startSim();
    const bad = await postAction(sim, 'vps_web01', 'restart', { force: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ pointer: '/force' })]);
    const forced = await postAction(sim, 'vps_web01', 'restart', { force: true });
    expect(forced.status).toBe(202);
    expect(sim.requests.at(-1)?.body).toEqual({ force: true });
  });

  it('answers 404 for an unknown job, an unknown VPS and an unknown action', async () => {
    const sim = await startSim();
    const job = await callJson(sim, '/api/jobs/job_missing');
    expect(job.status).toBe(404);
    expect(job.body.code).toBe('job_not_found');
    const vps = await postAction(sim, 'vps_missing', 'restart');
    expect(vps.body.code).toBe('vps_not_found');
    const res = await call(sim, '/api/v2/vps/vps_web01/actions/explode', { method: 'POST' });
    expect(res.status).toBe(404);
  });
});
