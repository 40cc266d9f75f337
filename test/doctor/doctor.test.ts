import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorCommand } from '../../src/doctor/command.js';
import { runDoctor } from '../../src/doctor/run-doctor.js';
import { createHostUpSimulator, type HostUpSimulator } from '../../src/simulator/hostup/index.js';
import { createHuaweiSimulator, type HuaweiSimulator } from '../../src/simulator/huawei/index.js';
import { createFakeSlack, type FakeSlack } from '../../src/simulator/slack/server.js';
import { botScopes } from '../../src/slack/ids.js';

const root = join(import.meta.dirname, '..', '..');
const KEYS = { accessKey: 'HPUADOCTORAK00000001', secretKey: 'sk_SECRET_doctor_aksk_5t1w' };

let hostup: HostUpSimulator;
let huawei: HuaweiSimulator;
let slack: FakeSlack;
let dir: string;
let closedPort: number;

beforeAll(async () => {
  hostup = createHostUpSimulator();
  await hostup.listen(0, '127.0.0.1');
  huawei = createHuaweiSimulator({ accessKeys: [KEYS] });
  await huawei.listen(0, '127.0.0.1');
  slack = createFakeSlack();
  await slack.listen(0, '127.0.0.1');
  dir = mkdtempSync(join(tmpdir(), 'vps-doctor-'));
  // A port nothing listens on: open one, note it, close it.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  await Promise.all([hostup.close(), huawei.close(), slack.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** A working Socket Mode setup against the simulators, with Huawei IAM login. */
function env(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_APP_TOKEN: slack.appToken,
    SLACK_API_URL: slack.apiUrl,
    HOSTUP_API_URL: hostup.url,
    HOSTUP_API_TOKEN: hostup.token,
    HUAWEI_WORKSPACE_URL: huawei.url,
    HUAWEI_IAM_URL: huawei.url,
    HUAWEI_PROJECT_ID: huawei.projectId,
    HUAWEI_IAM_USER: huawei.user.name,
    HUAWEI_IAM_PASSWORD: huawei.user.password,
    HUAWEI_IAM_DOMAIN: huawei.user.domain,
    DATABASE_URL: join(dir, 'doctor.db'),
    VPS_OPERATORS: 'UOPS00001',
    ...overrides,
  };
}

const names = [
  'configuration',
  'policy',
  'Slack bot token',
  'Slack bot scopes',
  'Slack Socket Mode',
  'HostUp API',
  'Huawei Workspace',
  'database',
];

async function doctor(e: Record<string, string | undefined>) {
  const report = await runDoctor(e, { timeoutMs: 3_000 });
  const row = (name: string) => {
    const found = report.results.find((r) => r.name === name);
    if (!found) throw new Error(`no row ${name}`);
    return found;
  };
  return { ...report, row, failedRows: report.results.filter((r) => !r.ok).map((r) => r.name) };
}

describe('npm run doctor against the simulators', () => {
  it('passes every check of a working setup, prints one row each and exits 0', async () => {
    const out: string[] = [];
    const code = await doctorCommand(env(), { write: (t: string) => out.push(t) }, { timeoutMs: 3_000 });
    const text = out.join('');
    expect(code).toBe(0);
    for (const name of names) expect(text).toMatch(new RegExp(`✓  ${name}`));
    expect(text).toContain('All 8 checks passed.');
    expect(text).toContain(`every bot scope manifest.yml asks for (${botScopes.join(', ')})`);
    expect(text).toMatch(/HostUp checks those only when the bot acts/);
    expect(text).toMatch(/signed in with IAM login; .* \(5 app servers\)/);
    expect(text).toMatch(/SQLite store answers; \d+ schema migrations? applied/);
    for (const secret of [slack.botToken, slack.appToken, hostup.token, huawei.user.password]) {
      expect(text).not.toContain(secret);
    }
  });

  it('fails the HostUp row for a refused API key, says what to set, and exits 1', async () => {
    const report = await doctor(env({ HOSTUP_API_TOKEN: 'hostup-wrong-key-123' }));
    expect(report.ok).toBe(false);
    expect(report.failedRows).toEqual(['HostUp API']);
    expect(report.row('HostUp API').detail).toBe('HostUp refused the API key (401 unauthorized)');
    expect(report.row('HostUp API').fix).toContain('HOSTUP_API_TOKEN');
    const out: string[] = [];
    expect(await doctorCommand(env({ HOSTUP_API_TOKEN: 'x' }), { write: (t: string) => out.push(t) })).toBe(
      1,
    );
    expect(out.join('')).toContain('1 of 8 checks failed: HostUp API.');
  });

  it('names the scope the bot token lacks against manifest.yml', async () => {
    const narrow = createFakeSlack({ scopes: { bot: botScopes.filter((s) => s !== 'chat:write.public') } });
    await narrow.listen(0, '127.0.0.1');
    try {
      const report = await doctor(env({ SLACK_API_URL: narrow.apiUrl }));
      expect(report.failedRows).toEqual(['Slack bot scopes']);
      expect(report.row('Slack bot scopes').detail).toBe(
        `the token lacks chat:write.public (manifest.yml asks for ${botScopes.length} bot scopes)`,
      );
      expect(report.row('Slack bot scopes').fix).toMatch(/reinstall the app/);
      expect(report.row('Slack bot token').ok).toBe(true);
    } finally {
      await narrow.close();
    }
  });

  it('reports a wrong bot token with what to copy where', async () => {
    const report = await doctor(env({ SLACK_BOT_TOKEN: 'xoxb-not-the-real-one' }));
    expect(report.failedRows).toEqual(['Slack bot token', 'Slack bot scopes']);
    expect(report.row('Slack bot token').detail).toBe('Slack refused auth.test: invalid_auth');
    expect(report.row('Slack bot token').fix).toContain('SLACK_BOT_TOKEN');
    expect(report.row('Slack bot scopes').detail).toMatch(/^not checked/);
  });

  it('reports unreachable URLs as refused connections, row by row', async () => {
    const nowhere = `http://127.0.0.1:${closedPort}`;
    const report = await doctor(
      env({
        HOSTUP_API_URL: nowhere,
        HUAWEI_WORKSPACE_URL: nowhere,
        HUAWEI_IAM_URL: nowhere,
        DATABASE_URL: `postgres://bot:pw_SECRET_db@127.0.0.1:${closedPort}/vps`,
      }),
    );
    expect(report.failedRows).toEqual(['HostUp API', 'Huawei Workspace', 'database']);
    expect(report.row('HostUp API').detail).toMatch(/connection refused/);
    expect(report.row('HostUp API').fix).toContain('HOSTUP_API_URL');
    expect(report.row('Huawei Workspace').detail).toMatch(/connection refused/);
    expect(report.row('database').detail).toMatch(/^could not open the PostgreSQL store/);
    expect(JSON.stringify(report)).not.toContain('pw_SECRET_db');
  });

  it('stops at a bad configuration or access policy, naming each variable and calling nothing', async () => {
    const before = hostup.requests.length;
    const report = await doctor(env({ VPS_OPERATORS: 'ana, bo', PORT: 'eighty' }));
    expect(report.ok).toBe(false);
    expect(report.results.map((r) => r.name)).toEqual(['configuration']);
    expect(report.row('configuration').detail).toMatch(/VPS_OPERATORS/);
    expect(report.row('configuration').detail).toMatch(/PORT/);
    expect(hostup.requests.length).toBe(before);
  });

  it('fails on a bad policy file with its problems and lines, and passes on a good one', async () => {
    const file = join(dir, 'policy.yml');
    writeFileSync(
      file,
      'rules:\n  - match: { name: "db-*" }\n    operators: [seniors]\n    require_approval: [rstart]\n',
    );
    const bad = await doctor(env({ VPS_POLICY_FILE: file }));
    expect(bad.failedRows).toEqual(['policy']);
    expect(bad.row('policy').detail).toMatch(/line 3: .*seniors/);
    expect(bad.row('policy').detail).toMatch(/line 4: .*rstart.*restart/);
    expect(bad.row('policy').fix).toMatch(/npm run policy -- check/);
    writeFileSync(
      file,
      'groups:\n  seniors: [U0SENIOR]\nrules:\n  - match: { name: "*" }\n    operators: [seniors]\n',
    );
    const good = await doctor(env({ VPS_POLICY_FILE: file }));
    expect(good.row('policy')).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/1 rule, 1 with operators/),
    });
  });

  it('checks Huawei AK/SK signing, and says which keys to check when the secret is wrong', async () => {
    const aksk = {
      HUAWEI_IAM_URL: undefined,
      HUAWEI_IAM_USER: undefined,
      HUAWEI_IAM_PASSWORD: undefined,
      HUAWEI_IAM_DOMAIN: undefined,
      HUAWEI_ACCESS_KEY: KEYS.accessKey,
    };
    const good = await doctor(env({ ...aksk, HUAWEI_SECRET_KEY: KEYS.secretKey }));
    expect(good.ok).toBe(true);
    expect(good.row('Huawei Workspace').detail).toMatch(/^signed in with AK\/SK signing/);
    const bad = await doctor(env({ ...aksk, HUAWEI_SECRET_KEY: 'sk_SECRET_wrong_value_00' }));
    expect(bad.failedRows).toEqual(['Huawei Workspace']);
    expect(bad.row('Huawei Workspace').detail).toMatch(/401 aksk_signature_refused/);
    expect(bad.row('Huawei Workspace').fix).toMatch(/HUAWEI_SECRET_KEY/);
    expect(JSON.stringify(bad)).not.toContain('sk_SECRET_wrong_value_00');
  });

  it('marks what a setup does not use as not applicable, which still passes', async () => {
    const http = env({
      SLACK_APP_TOKEN: undefined,
      SLACK_SIGNING_SECRET: 'signing-secret-0123456789',
      HUAWEI_WORKSPACE_URL: undefined,
      HUAWEI_IAM_URL: undefined,
      HUAWEI_PROJECT_ID: undefined,
      HUAWEI_IAM_USER: undefined,
      HUAWEI_IAM_PASSWORD: undefined,
      HUAWEI_IAM_DOMAIN: undefined,
    });
    const out: string[] = [];
    expect(await doctorCommand(http, { write: (t: string) => out.push(t) })).toBe(0);
    expect(out.join('')).toMatch(/– {2}Slack Socket Mode\s+HTTP mode/);
    expect(out.join('')).toMatch(/– {2}Huawei Workspace\s+not configured/);
  });
});

describe('node src/main.ts doctor (the command)', () => {
  function run(e: Record<string, string | undefined>) {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'main.ts'), 'doctor'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...e },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    return new Promise<{ code: number | null; output: string }>((resolve) =>
      child.on('exit', (code) => resolve({ code, output })),
    );
  }

  it('exits 0 when every check passes and 1 when one fails, printing the table either way', async () => {
    const green = await run(env());
    expect(green.output).toContain('All 8 checks passed.');
    expect(green.code).toBe(0);
    const red = await run(env({ HOSTUP_API_TOKEN: 'hostup-wrong-key-456' }));
    expect(red.output).toContain('✗  HostUp API');
    expect(red.code).toBe(1);
  }, 30_000);
});
