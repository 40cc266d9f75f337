import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { ProviderError, toUserMessage } from '../../../src/errors.js';
import {
  captureLogger,
  caught,
  clientFor,
  closeAll,
  everythingIn,
  IAM_PATH,
  PASSWORD,
  rebootPath,
  serversPath,
  startSim,
  USER,
} from './sim-client.js';

afterEach(closeAll);

const hour = 3_600_000;

describe('Huawei IAM login', () => {
  it('fetches a project-scoped token with the documented body and sends it as X-Auth-Token', async () => {
    const sim = await startSim();
    const servers = await clientFor(sim).listAppServers();
    expect(servers.map((s) => s.name)).toEqual(['app-01', 'app-02', 'app-03', 'app-04', 'app-05']);
    const iam = sim.requests.filter((r) => r.service === 'iam');
    expect(iam).toHaveLength(1);
    expect(iam[0]?.body).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: USER.name, password: '[redacted]', domain: { name: USER.domain } } },
        },
        scope: { project: { id: sim.projectId } },
      },
    });
    expect(sim.requests.filter((r) => r.service === 'workspace').map((r) => r.token)).toEqual(['valid']);
  });

  it('reuses one token for many calls, and concurrent callers share a single fetch', async () => {
    const sim = await startSim();
    // A slow IAM answer makes sure all five calls are waiting on the same fetch.
    sim.inject({ kind: 'latency', ms: 80, match: { path: IAM_PATH } });
    const client = clientFor(sim);
    await Promise.all(Array.from({ length: 5 }, () => client.getAppServer('522933611213619200')));
    await client.listAppServers();
    await client.getAppServer('545797802463068160');
    expect(sim.count('POST', IAM_PATH)).toBe(1);
    expect(sim.count('GET', /app-servers/)).toBe(7);
  });

  it('renews the token before its 24 hours are up, not after every call', async () => {
    const sim = await startSim();
    const clock = new ManualClock();
    const client = clientFor(sim, { clock });
    await client.getAppServer('522933611213619200');
    clock.advance(22 * hour);
    await client.getAppServer('522933611213619200');
    expect(sim.count('POST', IAM_PATH)).toBe(1);
    clock.advance(hour + 1);
    await client.getAppServer('522933611213619200');
    expect(sim.count('POST', IAM_PATH)).toBe(2);
    clock.advance(hour);
    await client.getAppServer('522933611213619200');
    expect(sim.count('POST', IAM_PATH)).toBe(2);
  });

  it('renews early when IAM says the token lives shorter than a day', async () => {
    const sim = await startSim({ tokenTtlMs: 2 * hour });
    const clock = new ManualClock();
    const client = clientFor(sim, { clock });
    await client.getAppServer('522933611213619200');
    clock.advance(hour + 30 * 60_000);
    await client.getAppServer('522933611213619200');
    expect(sim.count('POST', IAM_PATH)).toBe(1);
    // 2 h lifetime: renewed a tenth of it (12 min) before the end, well before the 23 h rule.
    clock.advance(20 * 60_000);
    await client.getAppServer('522933611213619200');
    expect(sim.count('POST', IAM_PATH)).toBe(2);
  });

  it('on a 401 renews the token once and sends the request once more', async () => {
    const sim = await startSim();
    const client = clientFor(sim);
    await client.listAppServers();
    sim.expireTokens();
    await expect(client.getAppServer('522933611213619200')).resolves.toMatchObject({ name: 'app-01' });
    expect(sim.count('POST', IAM_PATH)).toBe(2);
    const shows = sim.requests.filter((r) => r.path.endsWith('/522933611213619200'));
    expect(shows.map((r) => r.token)).toEqual(['expired', 'valid']);
  });

  it('resends a batch reboot refused with 401 once, and the servers reboot once', async () => {
    const sim = await startSim();
    const client = clientFor(sim);
    await client.listAppServers();
    sim.expireTokens();
    const result = await client.batchReboot(['522933611213619200', '545797802463068160'], 'SOFT');
    expect(result.acceptedIds).toEqual(['522933611213619200', '545797802463068160']);
    expect(sim.count('PATCH', rebootPath(sim))).toBe(2);
    expect(sim.getServer('522933611213619200')?.reboots).toEqual(['SOFT']);
  });

  it('reports a second 401 right after renewing as an error instead of looping', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'status', status: 401, times: Number.POSITIVE_INFINITY, match: { method: 'GET' } });
    const err = await caught(clientFor(sim).listAppServers());
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ status: 401, code: 'renewed_token_refused', provider: 'Huawei Workspace' });
    expect((err as ProviderError).detail).toContain('APIG.1002');
    expect((err as ProviderError).requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(sim.count('POST', IAM_PATH)).toBe(2);
    expect(sim.count('GET', serversPath(sim))).toBe(2);
  });

  it('turns refused credentials into a clear error that names the variables, not the password', async () => {
    const sim = await startSim({ users: [{ ...USER, password: 'another-password' }] });
    const { logger, lines } = captureLogger();
    const err = await caught(clientFor(sim, { logger }).listAppServers());
    expect(err).toMatchObject({ provider: 'Huawei IAM', status: 401, code: 'iam_credentials_refused' });
    expect(err.message).toContain('HUAWEI_IAM_PASSWORD');
    expect(err.message).toContain('The username or password is wrong.');
    expect(toUserMessage(err)).toContain('iam_credentials_refused');
    expect(everythingIn(err)).not.toContain(PASSWORD);
    expect(lines.join('\n')).not.toContain(PASSWORD);
    expect(sim.count('GET', serversPath(sim))).toBe(0);
  });

  it('says so when IAM answers without an X-Subject-Token header', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'malformed', status: 201, body: '{"token":{}}', contentType: 'application/json' });
    const err = await caught(clientFor(sim).listAppServers());
    expect(err).toMatchObject({ provider: 'Huawei IAM', code: 'invalid_response' });
    expect(err.message).toContain('X-Subject-Token');
  });
});
