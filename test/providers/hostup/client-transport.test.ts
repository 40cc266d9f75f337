import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../../src/errors.js';
import { captureLogger, clientFor, closeAll, recordingClock, startSim, waitFor } from './sim-client.js';

afterEach(closeAll);

async function caught(promise: Promise<unknown>): Promise<TransportError> {
  const err = await promise.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TransportError);
  return err as TransportError;
}

/** A loopback port that was just closed: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

describe('HostUpClient transport failures', () => {
  it('reports a connect timeout as connect_timeout: nothing was sent', async () => {
    // A DNS lookup that never answers keeps the socket connecting until the connect timeout.
    const client = clientFor(
      { url: 'http://hostup.invalid:4010', token: 'tok_SECRET_abc123xyz' },
      { timeouts: { connectMs: 60 }, connect: { lookup: () => {} } },
    );
    const err = await caught(client.getVps('vps_web01'));
    expect(err).toMatchObject({ code: 'connect_timeout', mayHaveReachedServer: false });
  });

  it('reports a missing answer as headers_timeout', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'stall', when: 'headers' });
    const err = await caught(clientFor(sim, { timeouts: { headersMs: 100 } }).getVpsStatus('vps_web01'));
    expect(err).toMatchObject({ code: 'headers_timeout', mayHaveReachedServer: true });
    expect(sim.count('GET', '/api/v2/vps/vps_web01/status')).toBe(1);
  });

  it('reports a body that stops arriving as body_timeout', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'stall', when: 'body' });
    const err = await caught(clientFor(sim, { timeouts: { bodyMs: 100 } }).listSnapshots('vps_web01'));
    expect(err).toMatchObject({ code: 'body_timeout', mayHaveReachedServer: true });
  });

  it('retries a refused connection a couple of times with backoff, then reports connect_refused', async () => {
    const port = await closedPort();
    const clock = recordingClock();
    const { logger, lines } = captureLogger();
    const client = clientFor(
      { url: `http://127.0.0.1:${port}`, token: 'tok_SECRET_abc123xyz' },
      { clock, logger, retry: { maxRefusedRetries: 2, refusedBackoffMs: 10 } },
    );
    const err = await caught(client.powerAction('vps_web01', 'restart'));
    expect(err).toMatchObject({ code: 'connect_refused', mayHaveReachedServer: false });
    expect(clock.sleeps).toEqual([10, 20]);
    expect(lines.filter((l) => l.includes('refused the connection'))).toHaveLength(2);
  });

  it('sends an acting POST exactly once when its answer is lost', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'drop', when: 'after', match: { method: 'POST', path: /actions\/restart$/ } });
    const err = await caught(clientFor(sim).powerAction('vps_web01', 'restart'));
    expect(err).toMatchObject({ code: 'connection_lost', mayHaveReachedServer: true });
    expect(sim.count('POST', /actions\/restart$/)).toBe(1);
    expect(sim.jobs).toHaveLength(1);
    expect(sim.jobs[0]).toMatchObject({ vpsId: 'vps_web01', action: 'restart' });
  });

  it('does not resend an acting POST whose answer timed out', async () => {
    const sim = await startSim();
    // undici checks its timeouts on a ~1 s tick, so the late answer must come well after that.
    sim.inject({ kind: 'latency', ms: 5_000, match: { method: 'POST' } });
    const err = await caught(
      clientFor(sim, { timeouts: { headersMs: 80 } }).restoreSnapshot('vps_web01', 'before-upgrade'),
    );
    expect(err).toMatchObject({ code: 'headers_timeout', mayHaveReachedServer: true });
    expect(sim.count('POST', /actions\/restore$/)).toBe(1);
    await waitFor(async () => sim.jobs.length === 1);
  });

  it('does not resend a read whose connection dropped either', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'drop', when: 'before' });
    const err = await caught(clientFor(sim).listBackups('vps_db01'));
    expect(err).toMatchObject({ code: 'connection_lost', mayHaveReachedServer: true });
    expect(sim.count('GET', '/api/v2/vps/vps_db01/backups')).toBe(1);
  });

  it('keeps working on the same client after a lost connection', async () => {
    const sim = await startSim();
    const client = clientFor(sim);
    sim.inject({ kind: 'drop', when: 'before' });
    await caught(client.getVps('vps_web01'));
    await expect(client.getVps('vps_web01')).resolves.toMatchObject({ name: 'web-01' });
  });
});
