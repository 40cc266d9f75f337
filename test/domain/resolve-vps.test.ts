import { describe, expect, it } from 'vitest';
import { filterVpses, resolveVps } from '../../src/domain/resolve-vps.js';
import type { Vps } from '../../src/domain/vps.js';

function vps(id: string, name: string, extra: Partial<Vps> = {}): Vps {
  return {
    id,
    name,
    primaryIp: null,
    serviceStatus: 'active',
    powerState: 'running',
    operatingSystem: null,
    resources: {},
    ...extra,
  };
}

const web1 = vps('vps_aaa111', 'web-01', {
  primaryIp: '192.0.2.10',
  hostname: 'web-01.example.com',
  operatingSystem: 'Ubuntu 24.04',
});
const web2 = vps('vps_bbb222', 'web-02', {
  primaryIp: '192.0.2.11',
  hostname: 'web-02.example.com',
  operatingSystem: 'Ubuntu 22.04',
  powerState: 'stopped',
});
const db = vps('vps_ccc333', 'db-01', { primaryIp: '2001:db8::1', operatingSystem: 'Debian 12' });
const mail = vps('vps_ddd444', 'Mail Server', { primaryIp: null });
const fleet = [web1, web2, db, mail];

/** The names a resolution suggests (suggestions are VPSes, so they can become buttons). */
function suggested(query: string, vpses: readonly Vps[]): string[] | 'not none' {
  const result = resolveVps(query, vpses);
  return result.kind === 'none' ? result.suggestions.map((v) => v.name) : 'not none';
}

describe('resolveVps', () => {
  it.each([
    ['vps_bbb222', web2],
    ['VPS_BBB222', web2],
    ['web-01', web1],
    ['WEB-01', web1],
    ['  web-02  ', web2],
    ['mail server', mail],
    ['web-02.example.com', web2],
    ['Web-02.Example.com.', web2],
    ['192.0.2.10', web1],
    ['2001:DB8::1', db],
  ])('finds %j', (query, expected) => {
    expect(resolveVps(query, fleet)).toEqual({ kind: 'found', vps: expected });
  });

  it('lets an exact id win over a VPS named like that id', () => {
    const impostor = vps('vps_zzz999', 'vps_aaa111');
    expect(resolveVps('vps_aaa111', [impostor, ...fleet])).toEqual({ kind: 'found', vps: web1 });
  });

  it('asks when two VPSes share a name', () => {
    const twin = vps('vps_eee555', 'WEB-01');
    const result = resolveVps('web-01', [...fleet, twin]);
    expect(result).toEqual({ kind: 'ambiguous', candidates: [web1, twin] });
  });

  it("asks when a name is another VPS's hostname", () => {
    const confusing = vps('vps_fff666', 'web-02.example.com');
    const result = resolveVps('web-02.example.com', [...fleet, confusing]);
    expect(result).toEqual({ kind: 'ambiguous', candidates: [web2, confusing] });
  });

  it('suggests close names when nothing matches', () => {
    expect(suggested('web-03', fleet)).toEqual(['web-01', 'web-02']);
    expect(suggested('wbe-01', fleet)).toEqual(['web-01']);
    expect(suggested('web', fleet)).toEqual(['web-01', 'web-02']);
    expect(suggested('mail', fleet)).toEqual(['Mail Server']);
  });

  it('suggests the name of a VPS whose hostname is close', () => {
    expect(suggested('web-02.exampel.com', fleet)).toEqual(['web-02']);
  });

  it('suggests nothing when nothing is close', () => {
    expect(suggested('zzzzzzzz', fleet)).toEqual([]);
    expect(suggested('x', fleet)).toEqual([]);
    expect(suggested('', fleet)).toEqual([]);
    expect(suggested('web-01', [])).toEqual([]);
  });

  it('never matches a partial IP address', () => {
    expect(resolveVps('192.0.2.1', fleet).kind).toBe('none');
  });

  it('returns at most three suggestions', () => {
    const many = ['app-1', 'app-2', 'app-3', 'app-4', 'app-5'].map((n, i) => vps(`vps_${i}`, n));
    expect(suggested('app', many)).toEqual(['app-1', 'app-2', 'app-3']);
  });

  it('suggests the same name written with other numbers, then names sharing its stem', () => {
    const apps = ['app-01', 'app-02', 'app-10', 'db-01'].map((n, i) => vps(`vps_${i}`, n));
    expect(suggested('app-001', apps)).toEqual(['app-01']);
    expect(suggested('app-97', apps)).toEqual(['app-01', 'app-02', 'app-10']);
    expect(suggested('web-97', apps)).toEqual([]);
  });

  it('suggests VPSes from the list, each once, so a suggestion can carry its id', () => {
    const result = resolveVps('web-03', fleet);
    expect(result).toEqual({ kind: 'none', suggestions: [web1, web2] });
  });
});

describe('filterVpses', () => {
  it.each([
    [null, fleet],
    ['', fleet],
    ['   ', fleet],
    ['web', [web1, web2]],
    ['UBUNTU', [web1, web2]],
    ['ubuntu 24', [web1]],
    ['stopped', [web2]],
    ['192.0.2.1', [web1, web2]],
    ['example.com', [web1, web2]],
    ['db8', [db]],
    ['server', [mail]],
    ['nothing-like-this', []],
  ] as const)('filters on %j', (filter, expected) => {
    expect(filterVpses(filter, fleet)).toEqual(expected);
  });

  it('does not match on ids, which all start with vps_', () => {
    expect(filterVpses('vps_', fleet)).toEqual([]);
  });
});
