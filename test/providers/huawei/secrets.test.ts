import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/errors.js';
import {
  captureLogger,
  caught,
  clientFor,
  closeAll,
  everythingIn,
  PASSWORD,
  startSim,
} from './sim-client.js';

afterEach(closeAll);

describe('Huawei secrets', () => {
  it('never puts the password or any token in a log line, through renewals and failures', async () => {
    const sim = await startSim();
    const { logger, lines } = captureLogger();
    const client = clientFor(sim, { logger });
    await client.listAppServers();
    sim.expireTokens();
    await client.batchReboot(['522933611213619200'], 'SOFT');
    sim.inject({ kind: 'status', status: 403, match: { method: 'GET' } });
    await caught(client.getAppServer('522933611213619200'));
    expect(lines.length).toBeGreaterThan(4);
    const logged = lines.join('\n');
    expect(sim.issuedTokens).toHaveLength(2);
    for (const secret of [PASSWORD, ...sim.issuedTokens]) expect(logged).not.toContain(secret);
  });

  it('cuts a token that an answer echoes back out of the error', async () => {
    const sim = await startSim();
    const client = clientFor(sim);
    await client.listAppServers();
    const token = sim.issuedTokens[0]!;
    sim.inject({
      kind: 'malformed',
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ error_code: 'WKS.00211102', error_msg: `Bad header X-Auth-Token: ${token}` }),
    });
    const err = await caught(client.getAppServer('522933611213619200'));
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).detail).toContain('[redacted]');
    expect(everythingIn(err)).not.toContain(token);
  });

  it('cuts the password out of an IAM error that echoes it', async () => {
    const sim = await startSim();
    sim.inject({
      kind: 'malformed',
      status: 400,
      body: `{"error_code":"IAM.0011","error_msg":"bad ${PASSWORD}"}`,
    });
    const err = await caught(clientFor(sim).listAppServers());
    expect(err).toMatchObject({ provider: 'Huawei IAM', code: 'IAM.0011' });
    expect(everythingIn(err)).not.toContain(PASSWORD);
  });

  it('keeps neither the password nor a token in the simulator request log', async () => {
    const sim = await startSim();
    await clientFor(sim).listAppServers();
    const recorded = JSON.stringify(sim.requests);
    expect(recorded).not.toContain(PASSWORD);
    for (const token of sim.issuedTokens) expect(recorded).not.toContain(token);
  });
});
