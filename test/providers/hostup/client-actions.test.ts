import { afterEach, describe, expect, it } from 'vitest';
import type { PowerAction } from '../../../src/domain/actions.js';
import type { JobState } from '../../../src/domain/operation.js';
import type { HostUpClient } from '../../../src/providers/hostup/index.js';
import { clientFor, closeAll, startSim, waitFor } from './sim-client.js';

afterEach(closeAll);

const fastJobs = { queuedMs: 20, runningMs: 80, progressSteps: 2 };

async function pollUntilTerminal(client: HostUpClient, pollUrl: string): Promise<JobState[]> {
  const seen: JobState[] = [];
  await waitFor(async () => {
    const state = await client.pollJob(pollUrl);
    seen.push(state);
    return state.terminal;
  });
  return seen;
}

describe('HostUpClient acting calls', () => {
  it.each<[PowerAction, string]>([
    ['start', 'vps_staging'],
    ['shutdown', 'vps_web01'],
    ['stop', 'vps_web01'],
    ['restart', 'vps_web01'],
    ['reset', 'vps_web01'],
  ])('%s queues a job with a POST that has no body', async (action, id) => {
    const sim = await startSim();
    const op = await clientFor(sim).powerAction(id, action);
    expect(op).toEqual({
      jobId: expect.stringMatching(/^job_/),
      pollUrl: `/api/jobs/${op.jobId}`,
      status: 'queued',
      result: null,
    });
    expect(sim.requests).toEqual([
      {
        seq: 1,
        method: 'POST',
        path: `/api/v2/vps/${id}/actions/${action}`,
        vpsId: id,
        acting: true,
        body: null,
        at: expect.any(Number),
        fault: null,
        routeStatus: 202,
        jobId: op.jobId,
      },
    ]);
    expect(sim.getJob(op.jobId)).toMatchObject({ vpsId: id, action });
  });

  it('escalates a restart with exactly {"force":true}', async () => {
    const sim = await startSim();
    await clientFor(sim).powerAction('vps_web01', 'restart', { force: true });
    expect(sim.requests[0]?.body).toEqual({ force: true });
  });

  it('restores a snapshot, encoding its name in the path, and returns the result', async () => {
    const sim = await startSim({
      vpses: [
        { name: 'app', id: 'vps_app', powerState: 'running', snapshots: [{ name: 'före:uppgradering' }] },
      ],
    });
    const op = await clientFor(sim).restoreSnapshot('vps_app', 'före:uppgradering');
    expect(sim.requests[0]?.path).toBe(
      '/api/v2/vps/vps_app/snapshots/f%C3%B6re%3Auppgradering/actions/restore',
    );
    expect(op.result).toEqual({ snapshotName: 'före:uppgradering' });
    expect(sim.getJob(op.jobId)?.action).toBe('snapshot_restore');
  });

  it('restores from another VPS with exactly the source and backup ids', async () => {
    const sim = await startSim();
    const op = await clientFor(sim).restoreFromVps('vps_web02', {
      sourceVpsId: 'vps_db01',
      backupId: 'bkp_db01_2',
    });
    expect(sim.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v2/vps/vps_web02/backups/actions/restore-from-vps',
      body: { sourceVpsId: 'vps_db01', backupId: 'bkp_db01_2' },
    });
    expect(sim.getJob(op.jobId)?.action).toBe('restore_from_vps');
  });

  it('sets the hostname with a body of exactly {hostname} and reads the reverse DNS outcome', async () => {
    const sim = await startSim();
    const result = await clientFor(sim).setHostname('vps_web01', 'www.example.com');
    expect(sim.requests[0]).toMatchObject({ method: 'PUT', body: { hostname: 'www.example.com' } });
    expect(Object.keys(sim.requests[0]?.body as object)).toEqual(['hostname']);
    expect(result).toMatchObject({
      hostname: 'www.example.com',
      reloadRecommended: true,
      updatedAt: expect.any(String),
    });
    expect(result.reverseDns).toMatchObject({
      status: 'restored',
      restoredIps: ['203.0.113.10'],
      failedIps: [],
    });
    expect(sim.getVps('vps_web01')?.hostname).toBe('www.example.com');
  });

  it('reports a reverse DNS partial failure with the failed IPs', async () => {
    const sim = await startSim({
      vpses: [{ name: 'rdns-fail-01', id: 'vps_rf', primaryIp: '198.51.100.7' }],
    });
    const result = await clientFor(sim).setHostname('vps_rf', 'mail.example.com');
    expect(result.reverseDns?.status).toBe('partial_failure');
    expect(result.reverseDns?.failedIps.length).toBeGreaterThan(0);
  });
});

describe('HostUpClient.pollJob', () => {
  it('follows a job in the legacy envelope to completion, with progress and messages', async () => {
    const sim = await startSim({ job: fastJobs, envelope: 'legacy' });
    const client = clientFor(sim);
    const op = await client.powerAction('vps_web01', 'restart');
    const seen = await pollUntilTerminal(client, op.pollUrl);
    const last = seen.at(-1);
    expect(last).toMatchObject({
      jobId: op.jobId,
      status: 'completed',
      terminal: true,
      failed: false,
      progress: 100,
    });
    expect(last?.requestId).toMatch(/^req_/);
    expect(seen.every((s) => s.jobId === op.jobId)).toBe(true);
    expect(sim.getVps('vps_web01')?.powerState).toBe('running');
  });

  it('reads the v2 envelope and a failed job with its error', async () => {
    const sim = await startSim({ job: fastJobs, envelope: 'v2' });
    sim.failNextJob({ action: 'reset', code: 'hypervisor_error', detail: 'The node did not answer' });
    const client = clientFor(sim);
    const op = await client.powerAction('vps_web01', 'reset');
    const last = (await pollUntilTerminal(client, op.pollUrl)).at(-1);
    expect(last).toMatchObject({
      jobId: op.jobId,
      status: 'failed',
      terminal: true,
      failed: true,
      error: { code: 'hypervisor_error', detail: 'The node did not answer' },
    });
  });

  it('reads a failed job in the legacy envelope as terminal', async () => {
    const sim = await startSim({ job: fastJobs, envelope: 'legacy' });
    sim.failNextJob({ code: 'disk_error', detail: 'Disk busy' });
    const client = clientFor(sim);
    const op = await client.powerAction('vps_staging', 'start');
    const last = (await pollUntilTerminal(client, op.pollUrl)).at(-1);
    expect(last).toMatchObject({
      status: 'failed',
      failed: true,
      error: { code: 'disk_error', detail: 'Disk busy' },
    });
    expect(sim.getVps('vps_staging')?.powerState).toBe('stopped');
  });

  it.each(['legacy', 'v2'] as const)(
    'reads the job’s own timestamps in the %s envelope, in order',
    async (envelope) => {
      const sim = await startSim({ job: fastJobs, envelope });
      const client = clientFor(sim);
      const before = Date.now();
      const op = await client.powerAction('vps_web01', 'restart');
      const seen = await pollUntilTerminal(client, op.pollUrl);
      const [first, last] = [seen[0], seen.at(-1)];
      const job = sim.getJob(op.jobId);
      expect(first?.createdAt).toBe(Date.parse(job?.createdAt ?? ''));
      expect(last).toMatchObject({
        createdAt: Date.parse(job?.createdAt ?? ''),
        startedAt: Date.parse(job?.startedAt ?? ''),
        finishedAt: Date.parse(job?.finishedAt ?? ''),
      });
      const { createdAt = 0, startedAt = 0, finishedAt = 0 } = last ?? {};
      expect(createdAt).toBeGreaterThanOrEqual(before - 1);
      expect(startedAt).toBeGreaterThanOrEqual(createdAt + 15);
      expect(finishedAt).toBeGreaterThanOrEqual(startedAt + 70);
    },
  );

  it('accepts an absolute pollUrl on the same host', async () => {
    const sim = await startSim();
    const client = clientFor(sim);
    const op = await client.powerAction('vps_web01', 'restart');
    const state = await client.pollJob(`${sim.url}${op.pollUrl}`);
    expect(state.jobId).toBe(op.jobId);
  });

  it('refuses a pollUrl on another host without sending anything', async () => {
    const sim = await startSim();
    const client = clientFor(sim);
    await expect(client.pollJob('https://evil.example.net/api/jobs/job_1')).rejects.toMatchObject({
      code: 'invalid_poll_url',
    });
    await expect(client.pollJob('//evil.example.net/api/jobs/job_1')).rejects.toMatchObject({
      code: 'invalid_poll_url',
    });
    expect(sim.requests).toHaveLength(0);
  });
});
