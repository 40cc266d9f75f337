import { afterEach, describe, expect, it } from 'vitest';
import { callJson, closeAll, startSim } from './helpers.js';

afterEach(closeAll);

describe('HostUp simulator: hostname', () => {
  it('reads the hostname with its rules and no reverse DNS change', async () => {
    const sim = await startSim();
    const { status, body } = await callJson(sim, '/api/v2/vps/vps_web01/hostname');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      hostname: 'web-01.example.com',
      reloadRecommended: false,
      accountInactive: false,
      accountStatus: 'active',
      actions: { canChange: { allowed: true, reason: null } },
      validationRules: { maxLengthChars: 253, pattern: expect.any(String) },
      reverseDnsProtection: null,
    });
  });

  it('changes the hostname, restores reverse DNS and recommends a reload', async () => {
    const sim = await startSim();
    const { status, body } = await callJson(sim, '/api/v2/vps/vps_web01/hostname', {
      method: 'PUT',
      body: { hostname: 'App-01.Example.com' },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      hostname: 'app-01.example.com',
      hostnameNormalized: true,
      reloadRecommended: true,
      reverseDnsProtection: { status: 'restored', restoredIps: ['203.0.113.10'], failedIps: [] },
      updatedAt: expect.any(String),
    });
    expect(sim.getVps('vps_web01')?.hostname).toBe('app-01.example.com');
  });

  it('reports a partial reverse DNS failure for a VPS named rdns-fail', async () => {
    const sim = await startSim({ vpses: [{ name: 'rdns-fail-01', primaryIp: '198.51.100.7' }] });
    const { body } = await callJson(sim, '/api/v2/vps/vps_rdnsfail01/hostname', {
      method: 'PUT',
      body: { hostname: 'mail.example.com' },
    });
    expect(body.reverseDnsProtection).toMatchObject({
      status: 'partial_failure',
      restoredIps: [],
      failedIps: ['198.51.100.7'],
    });
  });

  it.each([
    ['a leading hyphen', '-web.example.com'],
    ['an underscore', 'web_01.example.com'],
    ['a label over 63 characters', `${'a'.repeat(64)}.example.com`],
    ['more than 253 characters', Array.from({ length: 5 }, () => 'b'.repeat(60)).join('.')],
  ])('refuses a hostname with %s: 400 invalid_request with errors[]', async (_what, hostname) => {
    const sim = await startSim();
    const { status, body } = await callJson(sim, '/api/v2/vps/vps_web01/hostname', {
      method: 'PUT',
      body: { hostname },
    });
    expect(status).toBe(400);
    expect(body.code).toBe('invalid_request');
    expect(body.errors).toEqual([
      { pointer: '/hostname', detail: expect.any(String), code: 'invalid_hostname' },
    ]);
    expect(sim.getVps('vps_web01')?.hostname).toBe('web-01.example.com');
  });

  it('refuses a body with fields other than hostname', async () => {
    const sim = await startSim();
    const { status, body } = await callJson(sim, '/api/v2/vps/vps_web01/hostname', {
      method: 'PUT',
      body: { hostname: 'ok.example.com', ttl: 60 },
    });
    expect(status).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ pointer: '/ttl', code: 'unexpected_field' })]);
  });

  it('refuses a change on a suspended service with 409', async () => {
    const sim = await startSim();
    const { status, body } = await callJson(sim, '/api/v2/vps/vps_legacyapp/hostname', {
      method: 'PUT',
      body: { hostname: 'ok.example.com' },
    });
    expect(status).toBe(409);
    expect(body.code).toBe('vps_not_ready');
  });
});
