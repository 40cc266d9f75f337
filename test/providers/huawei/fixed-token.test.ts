import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError, toUserMessage } from '../../../src/errors.js';
import {
  captureLogger,
  caught,
  clientFor,
  closeAll,
  everythingIn,
  IAM_PATH,
  startSim,
} from './sim-client.js';

afterEach(closeAll);

const FIXED = 'MIIfixed_SECRET_operator_token_7c1d';

describe('Huawei fixed-token mode', () => {
  it('sends the operator token as is and never calls IAM', async () => {
    const sim = await startSim({ fixedTokens: [FIXED] });
    const client = clientFor(sim, { iamUrl: null, auth: { kind: 'token', token: FIXED } });
    await expect(client.getAppServer('545797802463068160')).resolves.toMatchObject({ name: 'app-02' });
    expect(sim.count('POST', IAM_PATH)).toBe(0);
    expect(sim.requests.map((r) => r.token)).toEqual(['valid']);
  });

  it('says clearly that HUAWEI_AUTH_TOKEN must be renewed when the token is refused', async () => {
    const sim = await startSim({ fixedTokens: [FIXED] });
    const { logger, lines } = captureLogger();
    const client = clientFor(sim, { auth: { kind: 'token', token: FIXED }, logger });
    await client.listAppServers();
    sim.expireTokens();
    const err = await caught(client.listAppServers());
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ status: 401, code: 'fixed_token_refused', provider: 'Huawei Workspace' });
    expect(err.message).toContain('HUAWEI_AUTH_TOKEN');
    expect(err.message).toMatch(/expired/);
    // What a person in Slack reads names no setting: the admin has the error above and the doctor.
    expect(toUserMessage(err)).toMatch(/fixed token .*probably expired: ask an admin to renew it/);
    expect(toUserMessage(err)).not.toContain('HUAWEI_');
    expect((err as ProviderError).requestId).toMatch(/^[0-9a-f]{32}$/);
    // Refused once, not resent: a fixed token cannot be renewed here.
    expect(sim.count('GET', `/v1/${sim.projectId}/app-servers`)).toBe(2);
    expect(sim.count('POST', IAM_PATH)).toBe(0);
    expect(everythingIn(err)).not.toContain(FIXED);
    expect(lines.join('\n')).not.toContain(FIXED);
  });

  it('does not reboot anything with a refused fixed token and reports the chunk as not acted on', async () => {
    const sim = await startSim({ fixedTokens: [FIXED] });
    sim.expireTokens();
    const client = clientFor(sim, { auth: { kind: 'token', token: FIXED } });
    const result = await client.batchReboot(['522933611213619200'], 'SOFT');
    expect(result.chunks).toEqual([
      {
        outcome: 'failed',
        ids: ['522933611213619200'],
        error: expect.any(ProviderError),
        mayHaveActed: false,
      },
    ]);
    expect(sim.getServer('522933611213619200')?.reboots).toEqual([]);
  });
});
