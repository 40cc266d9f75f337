import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError, TransportError } from '../../../src/errors.js';
import { captureLogger, clientFor, closeAll, startSim } from './sim-client.js';

afterEach(closeAll);

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('HostUpClient errors', () => {
  it('maps Problem Details with field errors and keeps the request id', async () => {
    const sim = await startSim();
    const err = await caught(clientFor(sim).setHostname('vps_web01', '-bad-.example.com'));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({
      status: 400,
      code: 'invalid_request',
      requestId: expect.stringMatching(/^req_/),
    });
    expect((err as ProviderError).fieldErrors).toEqual([
      { pointer: '/hostname', detail: expect.any(String), code: 'invalid_hostname' },
    ]);
  });

  it('maps a 401 for a wrong token to unauthorized', async () => {
    const sim = await startSim();
    const err = await caught(clientFor(sim, { token: 'not-the-token' }).getVps('vps_web01'));
    expect(err).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('maps an unknown VPS to a 404 vps_not_found', async () => {
    const sim = await startSim();
    const err = await caught(clientFor(sim).getVpsDetails('vps_nope'));
    expect(err).toMatchObject({ status: 404, code: 'vps_not_found' });
  });

  it('maps a closed gate to a 409 vps_not_ready, sending the action once', async () => {
    const sim = await startSim();
    const err = await caught(clientFor(sim).powerAction('vps_staging', 'restart'));
    expect(err).toMatchObject({ status: 409, code: 'vps_not_ready', detail: 'The VPS is not running' });
    expect(sim.count('POST', /actions\/restart$/)).toBe(1);
  });

  it('reads the legacy {error, message, code} body without crashing', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'legacyError', status: 400 });
    const err = await caught(clientFor(sim).listBackups('vps_db01'));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
      requestId: expect.stringMatching(/^req_/),
    });
    expect((err as ProviderError).detail.length).toBeGreaterThan(0);
  });

  it('turns an HTML error page into invalid_response', async () => {
    const sim = await startSim();
    sim.inject({
      kind: 'malformed',
      status: 502,
      body: '<html>Bad gateway</html>',
      contentType: 'text/html',
    });
    const err = await caught(clientFor(sim).getVps('vps_web01'));
    expect(err).toMatchObject({ status: 502, code: 'invalid_response' });
  });

  it('turns a truncated JSON success into invalid_response', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'malformed', body: '{"data":[{"id":' });
    const err = await caught(clientFor(sim).listVps());
    expect(err).toMatchObject({ status: 200, code: 'invalid_response' });
  });

  it('turns a success body of the wrong shape into invalid_response naming the field', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'malformed', body: '{"data":[{"name":"no id"}],"nextCursor":null}' });
    const err = await caught(clientFor(sim).listVps());
    expect(err).toMatchObject({ code: 'invalid_response' });
    expect((err as ProviderError).detail).toContain('data.0.id');
  });

  it('turns an accepted action without a job id into invalid_response', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'malformed', status: 202, body: '{"operation":{"status":"queued"}}' });
    const err = await caught(clientFor(sim).powerAction('vps_web01', 'start'));
    expect(err).toMatchObject({ status: 202, code: 'invalid_response' });
  });

  it('keeps the token out of error messages, serialised errors and logs', async () => {
    const sim = await startSim();
    const token = sim.token;
    const { logger, lines } = captureLogger();
    const client = clientFor(sim, { logger });
    // The server echoes the token back in an error body; a drop and a 401 add other paths.
    sim.inject({ kind: 'malformed', status: 500, body: `<pre>Authorization: Bearer ${token}</pre>` });
    sim.inject({ kind: 'drop', when: 'before' });
    const errors = [
      await caught(client.getVps('vps_web01')),
      await caught(client.getVps('vps_web01')),
      await caught(clientFor(sim, { logger, token: `${token}-wrong` }).getVps('vps_web01')),
    ];
    expect(errors[0]).toMatchObject({ code: 'invalid_response' });
    expect((errors[0] as ProviderError).detail).toContain('[redacted]');
    expect(errors[1]).toBeInstanceOf(TransportError);
    expect(errors[2]).toMatchObject({ code: 'unauthorized' });
    expect(lines.length).toBeGreaterThan(0);
    for (const err of errors) {
      expect((err as Error).message).not.toContain(token);
      expect(JSON.stringify(err)).not.toContain(token);
      expect(String((err as Error).stack)).not.toContain(token);
    }
    expect(lines.join('\n')).not.toContain(token);
  });
});
