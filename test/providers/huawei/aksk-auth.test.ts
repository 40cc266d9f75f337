import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError, toUserMessage } from '../../../src/errors.js';
import { huaweiSecretsOf, loadHuaweiConfig } from '../../../src/providers/huawei/index.js';
import { ShiftedClock } from '../../support/shifted-clock.js';
import {
  captureLogger,
  caught,
  clientFor,
  closeAll,
  everythingIn,
  IAM_PATH,
  rebootPath,
  serversPath,
  startSim,
  waitFor,
} from './sim-client.js';

afterEach(closeAll);

const KEYS = { accessKey: 'HPUAEXAMPLEAK0000001', secretKey: 'sk_SECRET_Huawei_aksk_4e7q9' };
const aksk = (secretKey = KEYS.secretKey) => ({
  kind: 'aksk' as const,
  accessKey: KEYS.accessKey,
  secretKey,
});

/** The system clock moved by `ms`: this machine's clock being wrong. */
function shiftedClock(ms: number): ShiftedClock {
  const clock = new ShiftedClock();
  clock.advance(ms);
  return clock;
}

describe('Huawei AK/SK signing against the simulated gateway', () => {
  it('lists and reboots app servers with signed requests, never calling IAM or sending a token', async () => {
    const sim = await startSim({ accessKeys: [KEYS] });
    const client = clientFor(sim, { iamUrl: null, auth: aksk() });
    const servers = await client.listAppServers();
    expect(servers.map((s) => s.name)).toEqual(['app-01', 'app-02', 'app-03', 'app-04', 'app-05']);
    const result = await client.batchReboot(['522933611213619200', '545797802463068160'], 'SOFT');
    expect(result.chunks.map((c) => c.outcome)).toEqual(['accepted']);
    expect(sim.getServer('522933611213619200')?.reboots).toEqual(['SOFT']);
    await waitFor(async () => (await client.getAppServer('522933611213619200')).vmStatus === 'ACTIVE');

    expect(sim.count('POST', IAM_PATH)).toBe(0);
    expect(sim.requests.length).toBeGreaterThanOrEqual(3);
    for (const r of sim.requests) expect(r).toMatchObject({ token: 'none', signature: { valid: true } });
  });

  it('refuses a wrong secret key with a clear error, sends the request once and reboots nothing', async () => {
    const sim = await startSim({ accessKeys: [KEYS] });
    const { logger, lines } = captureLogger();
    const wrong = 'sk_SECRET_wrong_one_8x2m';
    const client = clientFor(sim, { iamUrl: null, auth: aksk(wrong), logger });
    const err = await caught(client.getAppServer('522933611213619200'));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ status: 401, code: 'aksk_signature_refused', provider: 'Huawei Workspace' });
    expect(err.message).toContain('verify aksk signature fail');
    expect(err.message).toContain('HUAWEI_SECRET_KEY');
    expect(toUserMessage(err)).not.toContain(wrong);
    expect(sim.requests.map((r) => r.signature)).toEqual([{ valid: false, why: 'signature mismatch' }]);

    const result = await client.batchReboot(['522933611213619200'], 'HARD');
    expect(result.chunks).toEqual([
      {
        outcome: 'failed',
        ids: ['522933611213619200'],
        error: expect.any(ProviderError),
        mayHaveActed: false,
      },
    ]);
    expect(sim.getServer('522933611213619200')?.reboots).toEqual([]);
    expect(sim.count('PATCH', rebootPath(sim))).toBe(1);
    expect(everythingIn(err)).not.toContain(wrong);
    expect(lines.join('\n')).not.toContain(wrong);
  });

  it('is refused when this machine’s clock is more than 15 minutes off, and says to check it', async () => {
    const sim = await startSim({ accessKeys: [KEYS] });
    const client = clientFor(sim, { iamUrl: null, auth: aksk(), clock: shiftedClock(16 * 60_000) });
    const err = await caught(client.listAppServers());
    expect(err).toMatchObject({ code: 'aksk_signature_refused' });
    expect(err.message).toMatch(/clock/);
    expect(sim.requests.map((r) => r.signature?.why)).toEqual(['date out of range']);
    // 14 minutes off is within the gateway's window.
    const close = clientFor(sim, { iamUrl: null, auth: aksk(), clock: shiftedClock(-14 * 60_000) });
    await expect(close.listAppServersPage({ limit: 1 })).resolves.toMatchObject({ count: 5 });
  });

  it('sends X-Project-Id, and the gateway refuses a signed call for another project', async () => {
    const sim = await startSim({ accessKeys: [KEYS] });
    const other = clientFor(sim, {
      iamUrl: null,
      auth: aksk(),
      projectId: 'ffffffffffffffffffffffffffffffff',
    });
    const err = await caught(other.listAppServers());
    expect(err).toMatchObject({ status: 403, code: 'WKS.00081102' });
    expect(sim.count('GET', `/v1/ffffffffffffffffffffffffffffffff/app-servers`)).toBe(1);
  });

  it('answers an unsigned or unknown-key request the way the gateway does', async () => {
    const sim = await startSim({ accessKeys: [KEYS] });
    const unknown = await rawGet(sim.url, serversPath(sim), {
      authorization: 'SDK-HMAC-SHA256 Access=NOPE, SignedHeaders=host;x-sdk-date, Signature=00',
      'x-sdk-date': '20260101T000000Z',
    });
    expect(unknown.status).toBe(401);
    expect(JSON.parse(unknown.body)).toEqual({
      error_code: 'APIG.0301',
      error_msg: 'Incorrect IAM authentication information: Get secretKey failed,ak:******,err:ak not exist',
    });
    const missing = await rawGet(sim.url, serversPath(sim), {});
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ error_code: 'APIG.1002' });
  });
});

describe('HUAWEI_ACCESS_KEY and HUAWEI_SECRET_KEY', () => {
  const base = { HUAWEI_REGION: 'ap-southeast-1', HUAWEI_PROJECT_ID: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' };
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadHuaweiConfig(env);
      return [];
    } catch (error) {
      return [...(error as { problems: string[] }).problems];
    }
  };

  it('configure AK/SK signing, with the secret key kept for redaction and no IAM URL needed', () => {
    const config = loadHuaweiConfig({
      HUAWEI_WORKSPACE_URL: 'http://sim:1',
      HUAWEI_PROJECT_ID: base.HUAWEI_PROJECT_ID,
      HUAWEI_ACCESS_KEY: KEYS.accessKey,
      HUAWEI_SECRET_KEY: KEYS.secretKey,
    });
    expect(config).toMatchObject({ iamUrl: null, auth: { kind: 'aksk', ...KEYS } });
    expect(huaweiSecretsOf(config)).toEqual([KEYS.secretKey]);
  });

  it('need each other, and exclude the two other ways to sign in, without echoing a value', () => {
    expect(problemsOf({ ...base, HUAWEI_ACCESS_KEY: KEYS.accessKey })).toEqual([
      'HUAWEI_SECRET_KEY is required for AK/SK signing (with HUAWEI_ACCESS_KEY)',
    ]);
    const both = problemsOf({
      ...base,
      ...{ HUAWEI_ACCESS_KEY: 'a', HUAWEI_SECRET_KEY: KEYS.secretKey },
      HUAWEI_AUTH_TOKEN: 'MIItok',
    });
    expect(both.join()).toMatch(
      /one way to sign in to Huawei, not both: AK\/SK signing .* and a fixed token/,
    );
    const all = problemsOf({
      ...base,
      HUAWEI_SECRET_KEY: KEYS.secretKey,
      HUAWEI_AUTH_TOKEN: 'MIItok',
      HUAWEI_IAM_USER: 'u',
    });
    expect(all.join()).toMatch(/not all three/);
    expect([...both, ...all].join()).not.toContain(KEYS.secretKey);
    expect(problemsOf(base).join()).toMatch(/HUAWEI_ACCESS_KEY, HUAWEI_SECRET_KEY \(AK\/SK signing\)/);
  });
});

function rawGet(base: string, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(new URL(path, base), { headers }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
