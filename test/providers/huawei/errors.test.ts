import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError, toUserMessage } from '../../../src/errors.js';
import { caught, clientFor, closeAll, startSim } from './sim-client.js';

afterEach(closeAll);

describe('HuaweiWorkspaceClient errors', () => {
  it.each([
    [400, 'WKS.00211102', 'The parameter is invalid.'],
    [403, 'WKS.00081102', 'User does not have permission to access this resource.'],
    [500, 'WKS.00211401', 'The requested operation failed. Please try again later.'],
  ])('surfaces a %i %s with its code, message and request id', async (status, code, message) => {
    const sim = await startSim();
    sim.inject({ kind: 'status', status, match: { method: 'GET' } });
    const err = await caught(clientFor(sim).listAppServers());
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ provider: 'Huawei Workspace', status, code, detail: message });
    expect((err as ProviderError).requestId).toMatch(/^[0-9a-f]{32}$/);
    const shown = toUserMessage(err);
    expect(shown).toContain(code);
    expect(shown).toContain(message);
    expect(shown).toContain((err as ProviderError).requestId);
  });

  it('surfaces a 404 for a server that does not exist', async () => {
    const sim = await startSim();
    const err = await caught(clientFor(sim).getAppServer('999999999999999999'));
    expect(err).toMatchObject({ status: 404, code: 'WKS.00000404' });
    expect((err as ProviderError).detail).toContain('999999999999999999');
  });

  it('keeps a code it does not know, such as a 405, as Huawei sent it', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'status', status: 405, match: { method: 'GET' } });
    const err = await caught(clientFor(sim).getAppServer('522933611213619200'));
    expect(err).toMatchObject({ status: 405, code: 'WKS.00000405' });
  });

  it('turns an HTML error page into a clear invalid_response error', async () => {
    const sim = await startSim();
    sim.inject({
      kind: 'malformed',
      status: 502,
      body: '<html>Bad gateway</html>',
      match: { method: 'GET' },
    });
    const err = await caught(clientFor(sim).listAppServers());
    expect(err).toMatchObject({ status: 502, code: 'invalid_response' });
    expect(err.message).toContain('not JSON');
    expect(err.message).toContain('text/html');
  });

  it('turns a 200 that is not JSON into invalid_response', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'malformed', body: '{"items":[', match: { method: 'GET' } });
    const err = await caught(clientFor(sim).listAppServers());
    expect(err).toMatchObject({ status: 200, code: 'invalid_response' });
  });

  it('turns a JSON answer of the wrong shape into invalid_response naming the field', async () => {
    const sim = await startSim();
    sim.inject({
      kind: 'malformed',
      body: '{"count":1,"items":[{"name":"no-id"}]}',
      contentType: 'application/json',
      match: { method: 'GET' },
    });
    const err = await caught(clientFor(sim).listAppServers());
    expect(err).toMatchObject({ code: 'invalid_response' });
    expect(err.message).toContain('items.0.id');
  });

  it('reads an error with an empty body by its status', async () => {
    const sim = await startSim();
    sim.inject({ kind: 'malformed', status: 503, body: '', match: { method: 'GET' } });
    const err = await caught(clientFor(sim).listAppServers());
    expect(err).toMatchObject({ status: 503, code: 'service_unavailable' });
  });
});
