import { afterEach, describe, expect, it } from 'vitest';
import { authBody, call, closeAll, signIn, startSim, waitFor } from './helpers.js';

afterEach(closeAll);

describe('Huawei simulator IAM', () => {
  it('issues a token in the X-Subject-Token header with a 24 h lifetime in the body', async () => {
    const sim = await startSim();
    const res = await call(sim, '/v3/auth/tokens', { method: 'POST', body: authBody(sim) });
    expect(res.status).toBe(201);
    const token = res.headers.get('x-subject-token');
    expect(token).toMatch(/^MII/);
    expect(res.text).not.toContain(token);
    const { issued_at, expires_at } = res.json.token;
    expect(Date.parse(expires_at) - Date.parse(issued_at)).toBe(24 * 3_600_000);
    expect(res.json.token.project.id).toBe(sim.projectId);
    expect(sim.issuedTokens).toEqual([token]);
  });

  it('refuses a wrong password with 401 in IAM error shape and issues nothing', async () => {
    const sim = await startSim();
    const res = await call(sim, '/v3/auth/tokens', {
      method: 'POST',
      body: authBody(sim, { password: 'nope' }),
    });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      error: { code: 401, title: 'Unauthorized', message: 'The username or password is wrong.' },
    });
    expect(res.headers.get('x-subject-token')).toBeNull();
    expect(sim.issuedTokens).toEqual([]);
  });

  it('refuses a malformed body and an unknown project with 400', async () => {
    const sim = await startSim();
    const bad = await call(sim, '/v3/auth/tokens', { method: 'POST', body: { auth: {} } });
    expect(bad.status).toBe(400);
    const otherProject = await call(sim, '/v3/auth/tokens', {
      method: 'POST',
      body: authBody(sim, { projectId: 'ffffffffffffffffffffffffffffffff' }),
    });
    expect(otherProject.status).toBe(400);
  });

  it('lets tokens die after the configured TTL', async () => {
    const sim = await startSim({ tokenTtlMs: 400 });
    const token = await signIn(sim);
    const path = `/v1/${sim.projectId}/app-servers`;
    expect((await call(sim, path, { token })).status).toBe(200);
    const refused = await waitFor(async () => {
      const res = await call(sim, path, { token });
      return res.status === 401 ? res : undefined;
    });
    expect(refused.json).toEqual({ error_code: 'APIG.1002', error_msg: 'The token has expired.' });
  });

  it('expires every token at once on demand, and new ones still work', async () => {
    const sim = await startSim();
    const path = `/v1/${sim.projectId}/app-servers`;
    const old = await signIn(sim);
    sim.expireTokens();
    expect((await call(sim, path, { token: old })).status).toBe(401);
    expect((await call(sim, path, { token: await signIn(sim) })).status).toBe(200);
  });
});
