import { afterEach, describe, expect, it } from 'vitest';
import type { HuaweiSimulator } from '../../../src/simulator/huawei/index.js';
import { main } from '../../../src/simulator/huawei/main.js';
import { authBody, call, closeAll, signIn, startSim, waitFor } from './helpers.js';

const started: HuaweiSimulator[] = [];
afterEach(async () => {
  await closeAll();
  await Promise.all(started.splice(0).map((s) => s.close()));
});

const APP01 = '522933611213619200';

async function control(sim: HuaweiSimulator, method: string, path: string, body?: unknown) {
  return call(sim, path, { method, ...(body !== undefined && { body }) });
}

describe('Huawei simulator faults and control routes', () => {
  it('answers a 403 or a 500 with the documented error codes on demand, without acting', async () => {
    const sim = await startSim();
    const token = await signIn(sim);
    const path = `/v1/${sim.projectId}/app-servers/actions/batch-reboot`;
    expect((await control(sim, 'POST', '/_sim/faults', { kind: 'status', status: 403 })).status).toBe(200);
    const forbidden = await call(sim, path, {
      method: 'PATCH',
      token,
      body: { items: [APP01], type: 'SOFT' },
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json).toEqual({
      error_code: 'WKS.00081102',
      error_msg: 'User does not have permission to access this resource.',
    });
    sim.inject({ kind: 'status', status: 500 });
    const failed = await call(sim, path, { method: 'PATCH', token, body: { items: [APP01], type: 'SOFT' } });
    expect(failed.json.error_code).toBe('WKS.00211401');
    expect(failed.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(sim.getServer(APP01)?.reboots).toEqual([]);
  });

  it('delays an answer by the latency asked for', async () => {
    const sim = await startSim();
    await control(sim, 'POST', '/_sim/faults', { kind: 'latency', ms: 150, match: { path: '/v3/' } });
    const started = Date.now();
    await signIn(sim);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('expires tokens, changes the TTL and the reboot time, and fails a reboot over HTTP', async () => {
    const sim = await startSim();
    const token = await signIn(sim);
    await control(sim, 'POST', '/_sim/expire-tokens');
    expect((await call(sim, `/v1/${sim.projectId}/app-servers`, { token })).status).toBe(401);
    expect((await control(sim, 'POST', '/_sim/reboot-timing', { rebootMs: 10 })).status).toBe(200);
    expect((await control(sim, 'POST', '/_sim/fail-next-reboot', { serverId: APP01 })).status).toBe(200);
    expect((await control(sim, 'POST', '/_sim/token-ttl', { ttlMs: 60_000 })).status).toBe(200);
    const fresh = await call(sim, '/v3/auth/tokens', { method: 'POST', body: authBody(sim) });
    expect(Date.parse(fresh.json.token.expires_at) - Date.parse(fresh.json.token.issued_at)).toBe(60_000);
    const path = `/v1/${sim.projectId}/app-servers/actions/batch-reboot`;
    const newToken = fresh.headers.get('x-subject-token') ?? '';
    await call(sim, path, { method: 'PATCH', token: newToken, body: { items: [APP01], type: 'SOFT' } });
    await waitFor(() => sim.getServer(APP01)?.vmStatus === 'ERROR');
    const state = await control(sim, 'GET', '/_sim/state');
    expect(state.json.rebootTiming).toEqual({ rebootMs: 10 });
    expect(state.text).not.toContain(sim.user.password);
  });

  it('reseeds the inventory and records requests without secrets', async () => {
    const sim = await startSim();
    await control(sim, 'POST', '/_sim/servers', { servers: [{ name: 'solo', id: '111', sessionCount: 2 }] });
    const token = await signIn(sim);
    const list = await call(sim, `/v1/${sim.projectId}/app-servers`, { token });
    expect(list.json.items).toEqual([expect.objectContaining({ id: '111', name: 'solo', session_count: 2 })]);
    const recorded = await control(sim, 'GET', '/_sim/requests');
    expect(
      recorded.json.requests.map((r: { service: string; token: string }) => [r.service, r.token]),
    ).toEqual([
      ['iam', 'none'],
      ['workspace', 'valid'],
    ]);
    expect(recorded.text).not.toContain(sim.user.password);
    expect(recorded.text).not.toContain(token);
  });

  it('refuses bad control bodies and unknown control routes', async () => {
    const sim = await startSim();
    expect((await control(sim, 'POST', '/_sim/faults', { kind: 'explode' })).status).toBe(400);
    expect((await control(sim, 'POST', '/_sim/reboot-timing', { rebootMs: -1 })).status).toBe(400);
    expect((await control(sim, 'POST', '/_sim/nope')).status).toBe(404);
  });

  it('starts from main() on the port it is given', async () => {
    const sim = await main({ HUAWEI_SIM_PORT: '0', HUAWEI_SIM_REBOOT_MS: '10' });
    started.push(sim);
    const token = await signIn(sim);
    const res = await call(sim, `/v1/${sim.projectId}/app-servers`, { token });
    expect(res.json.items.map((s: { name: string }) => s.name)).toEqual([
      'app-01',
      'app-02',
      'app-03',
      'app-04',
      'app-05',
    ]);
  });
});
