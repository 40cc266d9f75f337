import { afterEach, describe, expect, it } from 'vitest';
import { call, callJson, closeAll, startSim } from './helpers.js';

afterEach(closeAll);

describe('HostUp simulator: auth and listing', () => {
  it('refuses a request without a bearer token with a 401 Problem Details body', async () => {
    const sim = await startSim();
    const res = await call(sim, '/api/v2/vps', { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as { requestId: string };
    expect(body).toMatchObject({ status: 401, code: 'unauthorized', instance: '/api/v2/vps' });
    expect(body.requestId).toMatch(/^req_/);
    expect(res.headers.get('x-request-id')).toBe(body.requestId);
  });

  it('refuses a wrong token on job routes too and never records the Authorization header', async () => {
    const sim = await startSim({ token: 'right-token' });
    const res = await call(sim, '/api/jobs/job_x', { token: 'wrong-token' });
    expect(res.status).toBe(401);
    expect(JSON.stringify(sim.requests)).not.toContain('wrong-token');
  });

  it('pages through 250 VPSes in three pages with limit 100', async () => {
    const sim = await startSim({ count: 250 });
    const sizes: number[] = [];
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const { status, body } = await callJson(sim, `/api/v2/vps?${query}`);
      expect(status).toBe(200);
      sizes.push(body.data.length);
      ids.push(...body.data.map((v: { id: string }) => v.id));
      expect(body.hasMore).toBe(body.nextCursor !== null);
      cursor = body.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([100, 100, 50]);
    expect(new Set(ids).size).toBe(250);
    expect(ids[0]).toBe('vps_web001');
    expect(ids[249]).toBe('vps_web250');
  });

  it('uses the default page size when no limit is given', async () => {
    const sim = await startSim({ count: 30, pageSizeDefault: 7 });
    const { body } = await callJson(sim, '/api/v2/vps');
    expect(body.data).toHaveLength(7);
    expect(body.nextCursor).toEqual(expect.any(String));
  });

  it('lists items with the documented shape plus extra fields', async () => {
    const sim = await startSim();
    const { body } = await callJson(sim, '/api/v2/vps?limit=100');
    expect(body.data.map((v: { name: string }) => v.name)).toEqual([
      'web-01',
      'web-02',
      'db-01',
      'staging',
      'legacy-app',
    ]);
    expect(body.nextCursor).toBeNull();
    expect(body.data[0]).toMatchObject({
      id: 'vps_web01',
      primaryIp: '203.0.113.10',
      serviceStatus: 'active',
      powerState: 'running',
      operatingSystem: { displayName: 'Ubuntu 24.04', family: 'linux' },
      resources: { cpuCores: 2, memoryGb: 4, storageGb: 80 },
      tags: [],
    });
    expect(body.data[0].createdAt).toEqual(expect.any(String));
  });

  it('filters by name case-insensitively and by primary IP exactly', async () => {
    const sim = await startSim();
    const byName = await callJson(sim, '/api/v2/vps?name=WEB-02');
    expect(byName.body.data.map((v: { id: string }) => v.id)).toEqual(['vps_web02']);
    const byIp = await callJson(sim, '/api/v2/vps?primaryIp=203.0.113.20');
    expect(byIp.body.data.map((v: { id: string }) => v.id)).toEqual(['vps_db01']);
    const partialIp = await callJson(sim, '/api/v2/vps?primaryIp=203.0.113.2');
    expect(partialIp.body.data).toEqual([]);
  });

  it.each(['0', '101', 'ten'])('refuses limit=%s with invalid_request and errors[]', async (limit) => {
    const sim = await startSim();
    const { status, body } = await callJson(sim, `/api/v2/vps?limit=${limit}`);
    expect(status).toBe(400);
    expect(body.code).toBe('invalid_request');
    expect(body.errors).toEqual([expect.objectContaining({ pointer: '/limit', code: 'out_of_range' })]);
  });

  it('refuses a cursor it never issued', async () => {
    const sim = await startSim();
    const { status, body } = await callJson(sim, '/api/v2/vps?cursor=not-a-cursor');
    expect(status).toBe(400);
    expect(body.code).toBe('invalid_request');
  });

  it('answers a single VPS with its restart and reset gates, and 404 for an unknown id', async () => {
    const sim = await startSim();
    const one = await callJson(sim, '/api/v2/vps/vps_web01');
    expect(one.body.actions.canRestart).toEqual({ allowed: true, reason: null, code: null });
    expect(one.body.actions.canReset.allowed).toBe(true);
    const missing = await callJson(sim, '/api/v2/vps/vps_nope');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('vps_not_found');
  });

  it('counts requests by method and path', async () => {
    const sim = await startSim();
    await call(sim, '/api/v2/vps?limit=2');
    await call(sim, '/api/v2/vps/vps_web01');
    expect(sim.count('GET', '/api/v2/vps')).toBe(1);
    expect(sim.count('get', /^\/api\/v2\/vps/)).toBe(2);
    expect(sim.requests[0]).toMatchObject({ method: 'GET', path: '/api/v2/vps?limit=2', body: null });
  });
});
