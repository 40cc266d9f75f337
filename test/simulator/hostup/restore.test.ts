import { afterEach, describe, expect, it } from 'vitest';
import type { HostUpSimulator } from '../../../src/simulator/hostup/index.js';
import { callJson, closeAll, startSim, waitFor } from './helpers.js';

afterEach(closeAll);

const restoreFrom = (sim: HostUpSimulator, target: string, body: unknown) =>
  callJson(sim, `/api/v2/vps/${target}/backups/actions/restore-from-vps`, { method: 'POST', body });

describe('HostUp simulator: snapshots, backups and restores', () => {
  it('lists snapshots with limits and gates', async () => {
    const sim = await startSim();
    const { body } = await callJson(sim, '/api/v2/vps/vps_web01/snapshots');
    expect(body.data.map((s: { name: string }) => s.name)).toEqual(['before-upgrade', 'nightly-2026-11-22']);
    expect(body.data[1]).toMatchObject({
      displayId: expect.any(String),
      includesMemoryState: false,
      parentName: 'before-upgrade',
      expiresAt: expect.any(String),
    });
    expect(body).toMatchObject({
      available: 1,
      limits: { totalSnapshots: 3 },
      actions: { canRestore: { allowed: true } },
    });
  });

  it('restores a snapshot as a job whose result names the snapshot', async () => {
    const sim = await startSim();
    const { status, body } = await callJson(
      sim,
      '/api/v2/vps/vps_web01/snapshots/before-upgrade/actions/restore',
      {
        method: 'POST',
      },
    );
    expect(status).toBe(202);
    expect(body.operation).toMatchObject({ status: 'queued', result: { snapshotName: 'before-upgrade' } });
    const job = await waitFor(() => {
      const j = sim.getJob(body.operation.jobId);
      return j?.status === 'completed' ? j : null;
    });
    expect(job.result).toEqual({ snapshotName: 'before-upgrade' });
    expect(job.action).toBe('snapshot_restore');
  });

  it('answers 404 snapshot_not_found for a snapshot that expired', async () => {
    const sim = await startSim();
    sim.deleteSnapshot('vps_web01', 'before-upgrade');
    const { status, body } = await callJson(
      sim,
      '/api/v2/vps/vps_web01/snapshots/before-upgrade/actions/restore',
      {
        method: 'POST',
      },
    );
    expect(status).toBe(404);
    expect(body.code).toBe('snapshot_not_found');
    expect(sim.jobs).toHaveLength(0);
  });

  it('lists backups and restore sources from other VPSes and retained ones', async () => {
    const sim = await startSim({
      retainedSources: [{ id: 'vps_old01', name: 'old-01', backups: [{ id: 'bkp_old_1' }] }],
    });
    const backups = await callJson(sim, '/api/v2/vps/vps_db01/backups');
    expect(backups.body.backups.map((b: { id: string }) => b.id)).toEqual(['bkp_db01_1', 'bkp_db01_2']);
    expect(backups.body).toMatchObject({
      quotaInfo: expect.any(Object),
      actions: { canRestore: { allowed: true } },
    });
    const forWeb = await callJson(sim, '/api/v2/vps/vps_web01/backups/restore-sources');
    expect(forWeb.body.sources).toEqual([
      expect.objectContaining({ id: 'vps_db01', sourceType: 'server', serviceStatus: 'active' }),
      expect.objectContaining({
        id: 'vps_old01',
        sourceType: 'retained',
        backups: [expect.objectContaining({ id: 'bkp_old_1' })],
      }),
    ]);
    const forDb = await callJson(sim, '/api/v2/vps/vps_db01/backups/restore-sources');
    expect(forDb.body.sources.map((s: { id: string }) => s.id)).toEqual(['vps_old01']);
  });

  it('refuses a restore-from-vps body with missing or malformed fields, naming each', async () => {
    const sim = await startSim();
    const empty = await restoreFrom(sim, 'vps_web02', {});
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('invalid_request');
    expect(empty.body.errors).toEqual([
      expect.objectContaining({ pointer: '/sourceVpsId', code: 'required' }),
      expect.objectContaining({ pointer: '/backupId', code: 'required' }),
    ]);
    const wrong = await restoreFrom(sim, 'vps_web02', {
      sourceVpsId: '203.0.113.20',
      backupId: 'bkp_db01_1',
    });
    expect(wrong.body.errors).toEqual([
      expect.objectContaining({ pointer: '/sourceVpsId', code: 'invalid_format' }),
    ]);
  });

  it('refuses restoring a VPS from itself and an unknown backup', async () => {
    const sim = await startSim();
    const self = await restoreFrom(sim, 'vps_db01', { sourceVpsId: 'vps_db01', backupId: 'bkp_db01_1' });
    expect(self.status).toBe(400);
    expect(self.body.errors[0].pointer).toBe('/sourceVpsId');
    const unknown = await restoreFrom(sim, 'vps_web02', { sourceVpsId: 'vps_db01', backupId: 'bkp_db01_9' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('backup_not_found');
    expect(sim.jobs).toHaveLength(0);
  });

  it('restores from another VPS: the target is stopped first and running at the end', async () => {
    const sim = await startSim({ job: { queuedMs: 10, runningMs: 200, progressSteps: 4 } });
    const { status, body } = await restoreFrom(sim, 'vps_web02', {
      sourceVpsId: 'vps_db01',
      backupId: 'bkp_db01_2',
    });
    expect(status).toBe(202);
    await waitFor(() => sim.getVps('vps_web02')?.powerState === 'stopped');
    const job = await waitFor(() => {
      const j = sim.getJob(body.operation.jobId);
      return j?.status === 'completed' ? j : null;
    });
    expect(job.result).toEqual({ sourceVpsId: 'vps_db01', backupId: 'bkp_db01_2' });
    expect(sim.getVps('vps_web02')?.powerState).toBe('running');
  });
});
