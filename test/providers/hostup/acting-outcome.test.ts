import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { actingCallOutcome, ProviderError, RateLimitedError, TransportError } from '../../../src/errors.js';
import type { SimFault } from '../../../src/simulator/hostup/index.js';
import { clientFor, closeAll, startSim } from './sim-client.js';

afterEach(closeAll);

const restart = /actions\/restart$/;

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
}

/** A restart of web-01 met by `fault`: the error, how many times it was sent, and the jobs it left. */
async function restartThrough(fault: SimFault | null, overrides: Parameters<typeof clientFor>[1] = {}) {
  const sim = await startSim();
  if (fault) sim.inject({ match: { method: 'POST', path: restart }, ...fault });
  const error = await failure(clientFor(sim, overrides).powerAction('vps_web01', 'restart'));
  return { error, sent: sim.count('POST', restart), jobs: sim.jobs.length };
}

describe('actingCallOutcome: HostUp provably did not act', () => {
  it('for a 409 Problem Details answer from a closed gate', async () => {
    const sim = await startSim();
    const error = await failure(clientFor(sim).powerAction('vps_staging', 'restart'));
    expect(error).toMatchObject({ status: 409, code: 'vps_not_ready', fromErrorBody: true });
    expect(actingCallOutcome(error)).toBe('not_acted');
    expect(sim.jobs).toHaveLength(0);
  });

  it('for a 400 invalid_request and a 404 vps_not_found', async () => {
    const sim = await startSim();
    const client = clientFor(sim);
    const invalid = await failure(client.createSnapshot('vps_web01', { name: '-bad' }));
    const missing = await failure(client.powerAction('vps_gone', 'restart'));
    expect(invalid).toMatchObject({ status: 400 });
    expect(missing).toMatchObject({ status: 404 });
    expect(actingCallOutcome(invalid)).toBe('not_acted');
    expect(actingCallOutcome(missing)).toBe('not_acted');
    expect(sim.jobs).toHaveLength(0);
  });

  it('for an error in the older {error, message, code} shape', async () => {
    const { error, jobs } = await restartThrough({ kind: 'legacyError', status: 400 });
    expect(error).toMatchObject({ code: 'BAD_REQUEST', fromErrorBody: true });
    expect(actingCallOutcome(error)).toBe('not_acted');
    expect(jobs).toBe(0);
  });

  it('for a 429 that the retries gave up on', async () => {
    const { error, sent, jobs } = await restartThrough(
      { kind: 'rateLimit', retryAfterSec: 0, times: Number.POSITIVE_INFINITY },
      { retry: { max429Retries: 1 } },
    );
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(sent).toBe(2);
    expect(actingCallOutcome(error)).toBe('not_acted');
    expect(jobs).toBe(0);
  });

  it('for a refused connection and a connect timeout: nothing was sent', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const token = 'tok_SECRET_abc123xyz';
    const refused = await failure(
      clientFor({ url: `http://127.0.0.1:${port}`, token }, { retry: { refusedBackoffMs: 1 } }).powerAction(
        'vps_web01',
        'restart',
      ),
    );
    const timedOut = await failure(
      clientFor(
        { url: 'http://hostup.invalid:4010', token },
        { timeouts: { connectMs: 60 }, connect: { lookup: () => {} } },
      ).powerAction('vps_web01', 'restart'),
    );
    expect(refused).toMatchObject({ code: 'connect_refused', mayHaveReachedServer: false });
    expect(timedOut).toMatchObject({ code: 'connect_timeout', mayHaveReachedServer: false });
    expect(actingCallOutcome(refused)).toBe('not_acted');
    expect(actingCallOutcome(timedOut)).toBe('not_acted');
  });

  it('for our own refusal of an id of the wrong shape', async () => {
    const sim = await startSim();
    const error = await failure(clientFor(sim).restoreSnapshot('vps_web01', '../x'));
    expect(error).toMatchObject({ code: 'invalid_provider_id' });
    expect(actingCallOutcome(error)).toBe('not_acted');
    expect(sim.requests).toHaveLength(0);
  });
});

describe('actingCallOutcome: the outcome is unknown', () => {
  it('for a timeout after the call was sent (its answer held back), though the job was queued', async () => {
    const { error, sent, jobs } = await restartThrough({ kind: 'hold' }, { timeouts: { headersMs: 80 } });
    expect(error).toMatchObject({ code: 'headers_timeout', mayHaveReachedServer: true });
    expect(actingCallOutcome(error)).toBe('unknown');
    expect([sent, jobs]).toEqual([1, 1]);
  });

  it.each<[string, SimFault, number]>([
    ['a connection dropped after acting', { kind: 'drop', when: 'after' }, 1],
    ['a connection dropped before acting (the client cannot tell)', { kind: 'drop', when: 'before' }, 0],
    ['a body cut off half-way', { kind: 'stall', when: 'body' }, 1],
  ])('for %s', async (_what, fault, jobsLeft) => {
    const { error, sent, jobs } = await restartThrough(fault, { timeouts: { bodyMs: 80 } });
    expect(error).toBeInstanceOf(TransportError);
    expect(actingCallOutcome(error)).toBe('unknown');
    expect([sent, jobs]).toEqual([1, jobsLeft]);
  });

  it.each<[string, SimFault, number]>([
    ['a 500 without acting', { kind: 'status', status: 500 }, 0],
    ['a 503 after queuing the job', { kind: 'status', status: 503, afterActing: true }, 1],
    ['a 502 external_provider_failed', { kind: 'status', status: 502 }, 0],
  ])('for any 5xx: %s', async (_what, fault, jobsLeft) => {
    const { error, sent, jobs } = await restartThrough(fault);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBeGreaterThanOrEqual(500);
    expect(actingCallOutcome(error)).toBe('unknown');
    expect([sent, jobs]).toEqual([1, jobsLeft]);
  });

  it('for a 202 whose body cannot be read: invalid_response with the real status, sent once', async () => {
    const { error, sent, jobs } = await restartThrough({
      kind: 'malformed',
      body: '{"operation":{"jobId":"job_',
      afterActing: true,
    });
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 202, code: 'invalid_response', fromErrorBody: false });
    expect(actingCallOutcome(error)).toBe('unknown');
    expect([sent, jobs]).toEqual([1, 1]);
  });

  it('for a 202 that is JSON but names no job', async () => {
    const { error, sent } = await restartThrough({
      kind: 'malformed',
      status: 202,
      body: '{"operation":{"status":"queued"}}',
    });
    expect(error).toMatchObject({ status: 202, code: 'invalid_response' });
    expect(actingCallOutcome(error)).toBe('unknown');
    expect(sent).toBe(1);
  });

  it('for a 4xx whose body is not HostUp’s (a proxy page, or nothing)', async () => {
    const html = await restartThrough({
      kind: 'malformed',
      status: 403,
      body: '<h1>Denied</h1>',
      contentType: 'text/html',
    });
    const empty = await restartThrough({ kind: 'malformed', status: 404, body: '' });
    expect(html.error).toMatchObject({ status: 403, code: 'invalid_response', fromErrorBody: false });
    expect(empty.error).toMatchObject({ status: 404, fromErrorBody: false });
    expect(actingCallOutcome(html.error)).toBe('unknown');
    expect(actingCallOutcome(empty.error)).toBe('unknown');
  });

  it('for anything that is not one of our errors', () => {
    expect(actingCallOutcome(new Error('boom'))).toBe('unknown');
    expect(actingCallOutcome('a string')).toBe('unknown');
    expect(actingCallOutcome(undefined)).toBe('unknown');
  });
});
