import { afterEach, describe, expect, it } from 'vitest';
import { call, closeAll, signIn, startSim, waitFor } from './helpers.js';

afterEach(closeAll);

const APP01 = '522933611213619200';
const APP02 = '545797802463068160';

describe('Huawei simulator app servers', () => {
  it('lists the demo inventory with the documented fields and a total count', async () => {
    const sim = await startSim();
    const token = await signIn(sim);
    const res = await call(sim, `/v1/${sim.projectId}/app-servers?limit=2`, { token });
    expect(res.status).toBe(200);
    expect(res.json.count).toBe(5);
    expect(res.json.items.map((s: { name: string }) => s.name)).toEqual(['app-01', 'app-02']);
    expect(Object.keys(res.json.items[0])).toEqual(
      expect.arrayContaining([
        'id',
        'name',
        'machine_name',
        'server_group_id',
        'server_group_name',
        'status',
        'vm_status',
        'task_status',
        'maintain_status',
        'session_count',
        'job_status',
        'update_time',
      ]),
    );
    expect(res.json.items[0]).toMatchObject({ vm_status: 'ACTIVE', task_status: null, session_count: 3 });
  });

  it('pages with offset and limit and filters names partially', async () => {
    const sim = await startSim({ count: 25 });
    const token = await signIn(sim);
    const page = await call(sim, `/v1/${sim.projectId}/app-servers?offset=20&limit=10`, { token });
    expect(page.json.count).toBe(25);
    expect(page.json.items.map((s: { name: string }) => s.name)).toEqual([
      'app-021',
      'app-022',
      'app-023',
      'app-024',
      'app-025',
    ]);
    const filtered = await call(sim, `/v1/${sim.projectId}/app-servers?server_name=app-01`, { token });
    expect(filtered.json.count).toBe(10);
  });

  it('refuses a limit outside 1..100 with 400 WKS.00211102', async () => {
    const sim = await startSim();
    const token = await signIn(sim);
    for (const limit of ['0', '101', 'x']) {
      const res = await call(sim, `/v1/${sim.projectId}/app-servers?limit=${limit}`, { token });
      expect(res.status).toBe(400);
      expect(res.json.error_code).toBe('WKS.00211102');
    }
  });

  it('shows one server and answers 404 for an unknown one', async () => {
    const sim = await startSim();
    const token = await signIn(sim);
    expect((await call(sim, `/v1/${sim.projectId}/app-servers/${APP02}`, { token })).json.name).toBe(
      'app-02',
    );
    const missing = await call(sim, `/v1/${sim.projectId}/app-servers/1`, { token });
    expect(missing.status).toBe(404);
    expect(missing.json.error_code).toBe('WKS.00000404');
  });

  it('answers 401 without a token, 403 for another project, 405 for a wrong method', async () => {
    const sim = await startSim();
    const token = await signIn(sim);
    expect((await call(sim, `/v1/${sim.projectId}/app-servers`)).status).toBe(401);
    const other = await call(sim, '/v1/ffffffffffffffffffffffffffffffff/app-servers', { token });
    expect(other.status).toBe(403);
    expect(other.json.error_code).toBe('WKS.00081102');
    const wrong = await call(sim, `/v1/${sim.projectId}/app-servers/${APP01}`, {
      method: 'PATCH',
      token,
      body: {},
    });
    expect(wrong.status).toBe(405);
    expect(wrong.json.error_code).toBe('WKS.00000405');
  });

  it('accepts a batch reboot with 200 and an empty body, then brings the servers back to ACTIVE', async () => {
    const sim = await startSim();
    const token = await signIn(sim);
    const path = `/v1/${sim.projectId}/app-servers/actions/batch-reboot`;
    const res = await call(sim, path, {
      method: 'PATCH',
      token,
      body: { items: [APP01, APP02], type: 'SOFT' },
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(sim.getServer(APP01)).toMatchObject({
      vmStatus: 'REBOOT',
      taskStatus: 'rebooting',
      reboots: ['SOFT'],
    });
    await waitFor(() => sim.getServer(APP01)?.vmStatus === 'ACTIVE');
    expect(sim.getServer(APP01)).toMatchObject({ taskStatus: null, sessionCount: 0 });
  });

  it('shows a hard reboot as HARD_REBOOT / reboot_started_hard', async () => {
    const sim = await startSim({ reboot: { rebootMs: 5_000 } });
    const token = await signIn(sim);
    const path = `/v1/${sim.projectId}/app-servers/actions/batch-reboot`;
    await call(sim, path, { method: 'PATCH', token, body: { items: [APP02], type: 'HARD' } });
    const shown = await call(sim, `/v1/${sim.projectId}/app-servers/${APP02}`, { token });
    expect(shown.json).toMatchObject({ vm_status: 'HARD_REBOOT', task_status: 'reboot_started_hard' });
  });

  it('ends a reboot in ERROR for a server told to fail, the others back to ACTIVE', async () => {
    const sim = await startSim();
    const token = await signIn(sim);
    sim.failNextReboot(APP02);
    const path = `/v1/${sim.projectId}/app-servers/actions/batch-reboot`;
    await call(sim, path, { method: 'PATCH', token, body: { items: [APP01, APP02], type: 'SOFT' } });
    await waitFor(
      () => sim.getServer(APP01)?.vmStatus === 'ACTIVE' && sim.getServer(APP02)?.vmStatus === 'ERROR',
    );
    expect(sim.getServer(APP02)?.taskStatus).toBeNull();
  });

  it('validates the batch-reboot body and reboots nothing when refused', async () => {
    const sim = await startSim({ count: 21 });
    const token = await signIn(sim);
    const ids = sim.servers.map((s) => s.id);
    const path = `/v1/${sim.projectId}/app-servers/actions/batch-reboot`;
    const cases: [unknown, number, string][] = [
      [{ items: [], type: 'SOFT' }, 400, 'WKS.00211102'],
      [{ items: ids, type: 'SOFT' }, 400, 'WKS.00211102'],
      [{ items: [ids[0]], type: 'FORCE' }, 400, 'WKS.00211102'],
      [{ items: [ids[0], '1'], type: 'SOFT' }, 404, 'WKS.00000404'],
      ['not an object', 400, 'WKS.00129901'],
    ];
    for (const [body, status, code] of cases) {
      const res = await call(sim, path, { method: 'PATCH', token, body });
      expect(res.status).toBe(status);
      expect(res.json.error_code).toBe(code);
    }
    const invalidJson = await call(sim, path, { method: 'PATCH', token, rawBody: '{"items":' });
    expect(invalidJson.json.error_code).toBe('WKS.00129901');
    expect(sim.servers.every((s) => s.reboots.length === 0)).toBe(true);
  });
});
