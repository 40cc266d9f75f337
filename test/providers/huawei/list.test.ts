import { afterEach, describe, expect, it } from 'vitest';
import { clientFor, closeAll, serversPath, startSim } from './sim-client.js';

afterEach(closeAll);

describe('HuaweiWorkspaceClient reads', () => {
  it('lists every server across pages of 100 with offset and limit', async () => {
    const sim = await startSim({ count: 230 });
    const servers = await clientFor(sim).listAppServers();
    expect(servers).toHaveLength(230);
    expect(new Set(servers.map((s) => s.id)).size).toBe(230);
    const paths = sim.requests.filter((r) => r.path.startsWith(serversPath(sim))).map((r) => r.path);
    expect(paths.map((p) => new URL(p, 'http://x').search)).toEqual([
      '?offset=0&limit=100',
      '?offset=100&limit=100',
      '?offset=200&limit=100',
    ]);
  });

  it('stops after a full last page when count says there is no more', async () => {
    const sim = await startSim({ count: 20 });
    const servers = await clientFor(sim, { pageSize: 10 }).listAppServers();
    expect(servers.map((s) => s.name).slice(0, 2)).toEqual(['app-001', 'app-002']);
    expect(servers).toHaveLength(20);
    expect(sim.count('GET', serversPath(sim))).toBe(2);
  });

  it('passes the filters with Huawei parameter names', async () => {
    const sim = await startSim();
    const servers = await clientFor(sim).listAppServers({
      serverName: 'app-0',
      serverGroupId: '489533790436196977',
    });
    expect(servers.map((s) => s.name)).toEqual(['app-04', 'app-05']);
    const query = new URL(sim.requests.at(-1)?.path ?? '', 'http://x').searchParams;
    expect(query.get('server_name')).toBe('app-0');
    expect(query.get('server_group_id')).toBe('489533790436196977');
    expect(query.has('ip_addr')).toBe(false);
  });

  it('maps every documented field of an app server', async () => {
    const sim = await startSim();
    const server = await clientFor(sim).getAppServer('593184572310528000');
    expect(server).toEqual({
      id: '593184572310528000',
      name: 'app-05',
      machineName: 'APS-528000',
      serverGroupId: '489533790436196977',
      serverGroupName: 'design-apps',
      status: 'MAINTAINING',
      vmStatus: 'ACTIVE',
      taskStatus: null,
      maintainStatus: true,
      sessionCount: 0,
      jobStatus: null,
      updateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });
});
