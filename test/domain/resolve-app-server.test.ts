import { describe, expect, it } from 'vitest';
import type { AppServer } from '../../src/domain/app-server.js';
import {
  filterAppServers,
  resolveAppServer,
  resolveAppServers,
  totalSessions,
} from '../../src/domain/resolve-app-server.js';

function server(id: string, name: string, over: Partial<AppServer> = {}): AppServer {
  return {
    id,
    name,
    machineName: `APS-${id.slice(-4)}`,
    serverGroupId: 'g1',
    serverGroupName: 'office-apps',
    status: 'REGISTERED',
    vmStatus: 'ACTIVE',
    taskStatus: null,
    maintainStatus: false,
    sessionCount: 2,
    jobStatus: null,
    updateTime: null,
    ...over,
  };
}

const servers = [
  server('100000000000000001', 'app-01'),
  server('100000000000000002', 'app-02', { serverGroupName: 'design-apps', sessionCount: null }),
  server('100000000000000003', 'Citrix', { machineName: 'APS-X' }),
  server('100000000000000004', 'citrix', { machineName: 'APS-Y' }),
];

describe('resolveAppServer', () => {
  it('finds a server by id, by name (any case) and by machine name', () => {
    expect(resolveAppServer('100000000000000002', servers)).toMatchObject({
      kind: 'found',
      server: { name: 'app-02' },
    });
    expect(resolveAppServer('APP-01', servers)).toMatchObject({ kind: 'found', server: { name: 'app-01' } });
    expect(resolveAppServer('aps-y', servers)).toMatchObject({ kind: 'found', server: { name: 'citrix' } });
  });

  it('asks rather than guesses when a name fits two servers', () => {
    const r = resolveAppServer('citrix', servers);
    expect(r.kind).toBe('ambiguous');
    expect(r.kind === 'ambiguous' && r.candidates.map((c) => c.id)).toEqual([
      '100000000000000003',
      '100000000000000004',
    ]);
  });

  it('suggests close names for a typo, and close machine names failing that', () => {
    expect(resolveAppServer('app-1', servers)).toEqual({ kind: 'none', suggestions: ['app-01'] });
    expect(resolveAppServer('app', servers)).toEqual({ kind: 'none', suggestions: ['app-01', 'app-02'] });
    expect(resolveAppServer('APS-0091', servers)).toEqual({ kind: 'none', suggestions: ['app-01'] });
    expect(resolveAppServer('', servers)).toEqual({ kind: 'none', suggestions: [] });
  });

  it('suggests the servers sharing a name’s stem when its number is past the last one', () => {
    expect(resolveAppServer('app-9', servers)).toEqual({ kind: 'none', suggestions: ['app-01', 'app-02'] });
    expect(resolveAppServer('app-002', servers)).toEqual({ kind: 'none', suggestions: ['app-02'] });
  });

  it('never treats a partial id as an id', () => {
    expect(resolveAppServer('10000000000000000', servers).kind).toBe('none');
  });
});

describe('resolveAppServers', () => {
  it('keeps each server once, in the order typed, and reports every unclear name', () => {
    const r = resolveAppServers(['app-02', 'app-01', '100000000000000002', 'citrix', 'nope'], servers);
    expect(r.servers.map((s) => s.name)).toEqual(['app-02', 'app-01']);
    expect(r.problems.map((p) => [p.query, p.resolution.kind])).toEqual([
      ['citrix', 'ambiguous'],
      ['nope', 'none'],
    ]);
  });
});

describe('filterAppServers and totalSessions', () => {
  it('matches every word in the name, machine name or group', () => {
    expect(filterAppServers('design', servers).map((s) => s.name)).toEqual(['app-02']);
    expect(filterAppServers('office aps-x', servers).map((s) => s.name)).toEqual(['Citrix']);
    expect(filterAppServers(null, servers)).toHaveLength(4);
  });

  it('counts the sessions it knows of', () => {
    expect(totalSessions(servers)).toBe(6);
  });
});
