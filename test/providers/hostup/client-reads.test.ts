import { afterEach, describe, expect, it } from 'vitest';
import { clientFor, closeAll, startSim, waitFor } from './sim-client.js';

afterEach(closeAll);

describe('HostUpClient reads', () => {
  it('follows nextCursor through every page: 250 VPSes at 100 a page take 3 requests', async () => {
    const sim = await startSim({ count: 250 });
    const client = clientFor(sim);
    const all = await client.listVps();
    expect(all).toHaveLength(250);
    expect(new Set(all.map((v) => v.id)).size).toBe(250);
    expect(sim.count('GET', /^\/api\/v2\/vps\?/)).toBe(3);
    expect(sim.requests.every((r) => r.path.includes('limit=100'))).toBe(true);
    expect(all[0]).toMatchObject({ name: 'web-001', powerState: 'running', serviceStatus: 'active' });
  });

  it('returns one page with its cursor, and the last page with none', async () => {
    const sim = await startSim({ count: 5 });
    const client = clientFor(sim);
    const first = await client.listVpsPage({ limit: 3 });
    expect(first.items.map((v) => v.name)).toEqual(['web-001', 'web-002', 'web-003']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const last = await client.listVpsPage({ limit: 3, cursor: first.nextCursor ?? '' });
    expect(last.items.map((v) => v.name)).toEqual(['web-004', 'web-005']);
    expect(last.nextCursor).toBeNull();
  });

  it('stops when hasMore is false even if a cursor came along', async () => {
    const sim = await startSim();
    const item = { id: 'vps_x', name: 'x', serviceStatus: 'active', powerState: 'running' };
    sim.inject({
      kind: 'malformed',
      body: JSON.stringify({ data: [item], nextCursor: 'cur_stray', hasMore: false }),
    });
    const all = await clientFor(sim).listVps();
    expect(all.map((v) => v.id)).toEqual(['vps_x']);
    expect(sim.requests).toHaveLength(1);
  });

  it('filters by name and by primary IP, mapping the item to the domain type', async () => {
    const sim = await startSim();
    const client = clientFor(sim);
    const [byName] = await client.listVps({ name: 'WEB-01' });
    expect(byName).toEqual({
      id: 'vps_web01',
      name: 'web-01',
      primaryIp: '203.0.113.10',
      serviceStatus: 'active',
      powerState: 'running',
      operatingSystem: 'Ubuntu 24.04',
      resources: { cpuCores: 2, memoryGb: 4, storageGb: 80 },
    });
    const byIp = await client.listVps({ primaryIp: '203.0.113.20' });
    expect(byIp.map((v) => v.name)).toEqual(['db-01']);
    expect(sim.requests.at(-1)?.path).toContain('primaryIp=203.0.113.20');
  });

  it('reads one VPS with its restart and reset gates', async () => {
    const sim = await startSim();
    const vps = await clientFor(sim).getVps('vps_staging');
    expect(vps).toMatchObject({ id: 'vps_staging', name: 'staging', powerState: 'stopped' });
    expect(vps.actions?.canRestart).toEqual({
      allowed: false,
      reason: 'The VPS is not running',
      code: 'invalid_power_state',
    });
  });

  it('reads details with every gate, bare booleans and objects alike', async () => {
    const sim = await startSim();
    const details = await clientFor(sim).getVpsDetails('vps_web01');
    expect(details).toMatchObject({
      id: 'vps_web01',
      hostname: 'web-01.example.com',
      productName: expect.stringContaining('VPS'),
      ips: ['203.0.113.10'],
    });
    expect(details.actions.canStart).toEqual({ allowed: false, reason: null, code: null });
    expect(details.actions.canShutdown).toEqual({ allowed: true, reason: null, code: null });
    expect(details.actions.canChange).toEqual({ allowed: true, reason: null, code: null });
    expect(Object.keys(details.actions).sort()).toEqual([
      'canChange',
      'canReset',
      'canRestart',
      'canRestore',
      'canRestoreFromAnotherVps',
      'canShutdown',
      'canStart',
      'canStop',
    ]);
  });

  it('reads the live status', async () => {
    const sim = await startSim();
    const status = await clientFor(sim).getVpsStatus('vps_web01');
    expect(status).toEqual({
      powerState: 'running',
      uptimeSeconds: expect.any(Number),
      cpuUsagePercent: 7.5,
      pendingTasks: 0,
    });
  });

  it('shows a restart in progress as pending tasks, then running again with fresh uptime and none pending', async () => {
    const sim = await startSim({ job: { queuedMs: 150, runningMs: 300, progressSteps: 3 } });
    const client = clientFor(sim);
    const idle = await client.getVpsStatus('vps_web01');
    expect(idle).toMatchObject({ powerState: 'running', pendingTasks: 0 });
    const op = await client.powerAction('vps_web01', 'restart');
    const queued = await client.getVpsStatus('vps_web01');
    expect(queued.pendingTasks).toBeGreaterThanOrEqual(1);
    const rebooting = await waitFor(async () => {
      const s = await client.getVpsStatus('vps_web01');
      return s.powerState !== 'running' ? s : undefined;
    });
    expect(['stopping', 'starting']).toContain(rebooting.powerState);
    expect(rebooting).toMatchObject({ uptimeSeconds: 0, pendingTasks: 1 });
    await waitFor(async () => sim.getJob(op.jobId)?.status === 'completed');
    const after = await client.getVpsStatus('vps_web01');
    expect(after).toMatchObject({ powerState: 'running', pendingTasks: 0 });
    expect(after.uptimeSeconds).toBeLessThan(idle.uptimeSeconds ?? 0);
    expect(after.uptimeSeconds).toBeLessThan(5);
  });

  it('lists snapshots by name with the top-level gates and the limit', async () => {
    const sim = await startSim();
    const list = await clientFor(sim).listSnapshots('vps_web01');
    expect(list.snapshots.map((s) => s.name)).toEqual(['before-upgrade', 'nightly-2026-11-22']);
    expect(list.snapshots[0]).toMatchObject({
      displayId: 'snap-1',
      description: 'Before the kernel upgrade',
      includesMemoryState: false,
      expiresAt: expect.any(String),
    });
    expect(list.totalLimit).toBe(3);
    expect(list.canRestore).toEqual({ allowed: true, reason: null, code: null });
    expect(list.canCreate?.allowed).toBe(true);
  });

  it('lists backups with the restore gate', async () => {
    const sim = await startSim();
    const list = await clientFor(sim).listBackups('vps_db01');
    expect(list.backups.map((b) => b.id)).toEqual(['bkp_db01_1', 'bkp_db01_2']);
    expect(list.backups[0]).toMatchObject({ sizeGb: 42, createdAt: expect.any(String) });
    expect(list.canRestore?.allowed).toBe(true);
  });

  it('lists restore sources: other VPSes with backups and retained ones', async () => {
    const sim = await startSim({
      retainedSources: [{ id: 'vps_gone', name: 'gone-01', backups: [{ id: 'bkp_gone_1', sizeGb: 5 }] }],
    });
    const sources = await clientFor(sim).listRestoreSources('vps_web01');
    const db = sources.find((s) => s.id === 'vps_db01');
    expect(db).toMatchObject({ name: 'db-01', sourceType: 'server', serviceStatus: 'active' });
    expect(db?.backups.map((b) => b.id)).toEqual(['bkp_db01_1', 'bkp_db01_2']);
    expect(sources.find((s) => s.id === 'vps_gone')).toMatchObject({ sourceType: 'retained' });
    expect(sim.count('GET', '/api/v2/vps/vps_web01/backups/restore-sources')).toBe(1);
  });

  it('reads the hostname with its change gate', async () => {
    const sim = await startSim();
    const result = await clientFor(sim).getHostname('vps_web01');
    expect(result.hostname).toBe('web-01.example.com');
    expect(result.canChange).toEqual({ allowed: true, reason: null, code: null });
  });
});
