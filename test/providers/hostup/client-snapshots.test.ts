import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError, TransportError } from '../../../src/errors.js';
import type { HostUpClient } from '../../../src/providers/hostup/index.js';
import { clientFor, closeAll, startSim, waitFor } from './sim-client.js';

afterEach(closeAll);

const fastJobs = { queuedMs: 20, runningMs: 80, progressSteps: 2 };
const day = 86_400_000;

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
}

async function finish(client: HostUpClient, pollUrl: string) {
  return waitFor(async () => {
    const state = await client.pollJob(pollUrl);
    return state.terminal ? state : undefined;
  });
}

describe('HostUpClient.createSnapshot', () => {
  it('queues a snapshot with exactly {name, description} and sees it listed once the job completes', async () => {
    const sim = await startSim({ job: fastJobs });
    const client = clientFor(sim);
    const op = await client.createSnapshot('vps_web02', { name: 'pre-deploy', description: 'Before 2.4' });
    expect(op).toEqual({
      jobId: expect.stringMatching(/^job_/),
      pollUrl: `/api/jobs/${op.jobId}`,
      status: 'queued',
      result: null,
    });
    expect(sim.calls).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/api/v2/vps/vps_web02/snapshots',
        body: { name: 'pre-deploy', description: 'Before 2.4' },
        routeStatus: 202,
        jobId: op.jobId,
      }),
    ]);
    expect(sim.getJob(op.jobId)?.action).toBe('snapshot_create');
    const before = await client.listSnapshots('vps_web02');
    expect(before.snapshots).toEqual([]);

    const done = await finish(client, op.pollUrl);
    expect(done).toMatchObject({ status: 'completed', result: { snapshotName: 'pre-deploy' } });
    const list = await client.listSnapshots('vps_web02');
    const snap = list.snapshots.find((s) => s.name === 'pre-deploy');
    expect(snap).toMatchObject({ description: 'Before 2.4', createdAt: expect.any(String) });
    const lifetime = Date.parse(snap?.expiresAt ?? '') - Date.parse(snap?.createdAt ?? '');
    expect(lifetime).toBe(day);
    expect(sim.getVps('vps_web02')?.powerState).toBe('running');
  });

  it('sends only the name when there is no description', async () => {
    const sim = await startSim();
    await clientFor(sim).createSnapshot('vps_web01', { name: 'quick' });
    expect(sim.calls[0]?.body).toEqual({ name: 'quick' });
  });

  it('reads a closed canCreate gate with its reason, and a create then is refused once with 409', async () => {
    const sim = await startSim();
    const client = clientFor(sim);
    const list = await client.listSnapshots('vps_staging');
    expect(list.canCreate).toEqual({
      allowed: false,
      reason: 'The VPS is not running',
      code: 'invalid_power_state',
    });
    const err = await caught(client.createSnapshot('vps_staging', { name: 'x1' }));
    expect(err).toMatchObject({ status: 409, code: 'vps_not_ready', detail: 'The VPS is not running' });
    expect(sim.count('POST', '/api/v2/vps/vps_staging/snapshots')).toBe(1);
    expect(sim.jobs).toHaveLength(0);
  });

  it('closes canCreate at the snapshot limit and refuses with snapshot_limit_reached', async () => {
    const sim = await startSim();
    sim.updateVps('vps_web01', { snapshotLimit: 2 });
    const client = clientFor(sim);
    const list = await client.listSnapshots('vps_web01');
    expect(list.totalLimit).toBe(2);
    expect(list.canCreate).toMatchObject({ allowed: false, code: 'snapshot_limit_reached' });
    const err = await caught(client.createSnapshot('vps_web01', { name: 'third' }));
    expect(err).toMatchObject({ status: 409, code: 'snapshot_limit_reached' });
  });

  it('reports a name HostUp refuses as invalid_request with the field', async () => {
    const sim = await startSim();
    const err = await caught(clientFor(sim).createSnapshot('vps_web01', { name: '-starts-with-hyphen' }));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ status: 400, code: 'invalid_request' });
    expect((err as ProviderError).fieldErrors).toEqual([
      { pointer: '/name', detail: expect.any(String), code: 'invalid_snapshot_name' },
    ]);
  });

  it('refuses a name that is already taken', async () => {
    const sim = await startSim();
    const err = await caught(clientFor(sim).createSnapshot('vps_web01', { name: 'before-upgrade' }));
    expect(err).toMatchObject({ status: 409, code: 'snapshot_exists' });
  });

  it('sends it again after a 429, and only then', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'rateLimit', retryAfterSec: 1, match: { method: 'POST' } });
    const op = await clientFor(sim).createSnapshot('vps_web01', { name: 'after-429' });
    expect(sim.calls.map((c) => c.routeStatus)).toEqual([null, 202]);
    expect(sim.jobs.map((j) => j.id)).toEqual([op.jobId]);
  });

  it('sends it exactly once when the answer is lost after the job was queued', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'drop', when: 'after', match: { method: 'POST', path: '/snapshots' } });
    const err = await caught(clientFor(sim).createSnapshot('vps_web01', { name: 'lost' }));
    expect(err).toBeInstanceOf(TransportError);
    expect(sim.calls).toHaveLength(1);
    expect(sim.jobs).toHaveLength(1);
  });
});
