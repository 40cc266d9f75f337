import { afterEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../../src/errors.js';
import { captureLogger, caught, clientFor, closeAll, rebootPath, startSim, waitFor } from './sim-client.js';

afterEach(closeAll);

describe('HuaweiWorkspaceClient timeouts and lost connections', () => {
  it('reports a server that never answers as headers_timeout', async () => {
    const sim = await startSim();
    const client = clientFor(sim, { timeouts: { headersMs: 100 } });
    await client.listAppServers();
    sim.inject({ kind: 'stall' });
    const err = await caught(client.getAppServer('522933611213619200'));
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({
      code: 'headers_timeout',
      mayHaveReachedServer: true,
      provider: 'Huawei Workspace',
    });
  });

  it('does not resend a batch reboot whose answer came too late', async () => {
    const sim = await startSim();
    const { logger, lines } = captureLogger();
    const client = clientFor(sim, { timeouts: { headersMs: 80 }, logger });
    await client.listAppServers();
    // undici checks its timeouts on a ~1 s tick, so the late answer must come well after that.
    sim.inject({ kind: 'latency', ms: 4_000, match: { method: 'PATCH' } });
    const result = await client.batchReboot(['522933611213619200'], 'SOFT');
    expect(result.chunks[0]).toMatchObject({ outcome: 'failed', mayHaveActed: true });
    expect(sim.count('PATCH', rebootPath(sim))).toBe(1);
    await waitFor(async () => sim.getServer('522933611213619200')?.reboots.length === 1);
    expect(lines.some((l) => l.includes('headers_timeout'))).toBe(true);
  });

  it('reports an IAM that cannot be reached as a transport error that did not act', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'drop', when: 'before', match: { path: '/v3/auth/tokens' } });
    const client = clientFor(sim);
    const result = await client.batchReboot(['522933611213619200'], 'SOFT');
    const chunk = result.chunks[0];
    expect(chunk).toMatchObject({ outcome: 'failed', mayHaveActed: false });
    expect(chunk?.outcome === 'failed' && chunk.error).toMatchObject({
      provider: 'Huawei IAM',
      code: 'connection_lost',
    });
    expect(sim.count('PATCH', rebootPath(sim))).toBe(0);
  });
});
