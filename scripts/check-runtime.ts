/**
 * `npm run check:runtime` (CI runs it after `npm test`): the production install, as the Dockerfile
 * makes it, started for real. It builds dist/, runs scripts/install-runtime.sh into an empty
 * directory (`npm ci --omit=dev --omit=optional` plus dist/ and manifest.yml), then starts
 * `node dist/main.js` there in Socket Mode against the fake Slack and the HostUp and Huawei
 * simulators, and checks: /healthz and /readyz answer, a /vps command is answered over the
 * socket, `node dist/healthcheck.js` and `node dist/main.js doctor` exit 0, and SIGTERM stops it
 * cleanly with no secret in its log. Exits 1 at the first thing that is not so.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHostUpSimulator } from '../src/simulator/hostup/index.js';
import { createHuaweiSimulator } from '../src/simulator/huawei/index.js';
import { slashCommandPayload } from '../src/simulator/slack/interaction-payloads.js';
import { createFakeSlack } from '../src/simulator/slack/server.js';

const root = join(import.meta.dirname, '..');
const keys = { accessKey: 'HPUARUNTIMECHECK0001', secretKey: 'sk_SECRET_runtime_check_7v2p' };
const operator = 'URUNTIME01';
const say = (line: string) => process.stdout.write(`check-runtime: ${line}\n`);

class CheckFailed extends Error {}

function fail(why: string): never {
  throw new CheckFailed(why);
}

/**
 * Runs a command to its end without blocking this process's event loop, which serves the
 * simulators the command may be talking to.
 */
function run(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString();
  });
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, output })),
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return fail(`${what} within ${timeoutMs / 1000} s`);
}

const statusOf = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(2000) })).status;

async function main(): Promise<void> {
  say('building dist/ (npm run build)');
  if ((await run(process.execPath, ['scripts/build.mjs'], root)).code !== 0) fail('npm run build');

  const work = mkdtempSync(join(tmpdir(), 'vps-runtime-'));
  const app = join(work, 'app');
  let bot: ChildProcess | undefined;
  const hostup = createHostUpSimulator();
  const huawei = createHuaweiSimulator({ accessKeys: [keys] });
  const slack = createFakeSlack();
  try {
    say(`installing the production runtime into ${app} (scripts/install-runtime.sh)`);
    const install = await run('bash', [join(root, 'scripts', 'install-runtime.sh'), root, app], root);
    if (install.code !== 0) fail(`install-runtime.sh exited ${install.code}:\n${install.output}`);
    for (const devOnly of [
      'tsx',
      'typescript',
      'vitest',
      '@biomejs/biome',
      'playwright-core',
      'pino-pretty',
    ]) {
      if (existsSync(join(app, 'node_modules', devOnly)))
        fail(`node_modules/${devOnly} is in the production install`);
    }
    if (!existsSync(join(app, 'node_modules', 'better-sqlite3'))) fail('better-sqlite3 is not installed');
    for (const devOnly of ['simulator', 'playground']) {
      if (existsSync(join(app, 'dist', devOnly))) fail(`dist/${devOnly} is in the production build`);
    }
    if (!existsSync(join(app, 'manifest.yml'))) fail('manifest.yml (the doctor reads it) is not installed');

    await hostup.listen(0, '127.0.0.1');
    await huawei.listen(0, '127.0.0.1');
    await slack.listen(0, '127.0.0.1');
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_APP_TOKEN: slack.appToken,
      SLACK_API_URL: slack.apiUrl,
      HOSTUP_API_URL: hostup.url,
      HOSTUP_API_TOKEN: hostup.token,
      HUAWEI_WORKSPACE_URL: huawei.url,
      HUAWEI_PROJECT_ID: huawei.projectId,
      HUAWEI_ACCESS_KEY: keys.accessKey,
      HUAWEI_SECRET_KEY: keys.secretKey,
      VPS_OPERATORS: operator,
      DATABASE_URL: join(work, 'data', 'bot.db'),
      PORT: String(port),
    };

    say('starting node dist/main.js in Socket Mode');
    const started = performance.now();
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: app,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bot = child;
    let log = '';
    child.stdout.on('data', (c: Buffer) => {
      log += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      log += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const base = `http://127.0.0.1:${port}`;
    await until('GET /healthz answering 200', 20_000, async () =>
      (await statusOf(`${base}/healthz`)) === 200 ? true : undefined,
    );
    say(`GET /healthz answered 200 after ${Math.round(performance.now() - started)} ms`);
    await until('GET /readyz answering 200', 10_000, async () =>
      (await statusOf(`${base}/readyz`)) === 200 ? true : undefined,
    );
    say('GET /readyz answered 200 (store migrated, Slack connected)');

    const built = slashCommandPayload(slack, { user: operator, channel: 'CRUNTIME01', text: 'show web-01' });
    await slack.socket.send('slash_commands', built.payload);
    await slack.waitFor(
      (f) => f.ephemerals(operator).find((e) => JSON.stringify(e).includes('203.0.113.10')),
      10_000,
    );
    say('/vps show web-01 over Socket Mode was acked and answered');

    const health = await run(process.execPath, ['dist/healthcheck.js'], app, env);
    if (health.code !== 0) fail(`node dist/healthcheck.js exited ${health.code}: ${health.output}`);
    say('node dist/healthcheck.js exited 0');

    const doctor = await run(process.execPath, ['dist/main.js', 'doctor'], app, env);
    if (doctor.code !== 0 || !doctor.output.includes('All 7 checks passed.')) {
      fail(`node dist/main.js doctor exited ${doctor.code}:\n${doctor.output}`);
    }
    say('node dist/main.js doctor exited 0 (all 7 checks passed)');

    child.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(() => resolve('timeout'), 25_000)),
    ]);
    bot = undefined;
    if (code !== 0) fail(`after SIGTERM the bot exited ${String(code)}:\n${log}`);
    if (!log.includes('"msg":"stopping"')) fail(`no "stopping" line in the log:\n${log}`);
    for (const secret of [slack.botToken, slack.appToken, hostup.token, keys.secretKey]) {
      if (log.includes(secret) || doctor.output.includes(secret)) fail('a secret reached the output');
    }
    say('SIGTERM: the bot stopped cleanly (exit 0), no secret in its output');
    say('OK');
  } finally {
    bot?.kill('SIGKILL');
    await Promise.all([slack.close(), hostup.close(), huawei.close()]);
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const why =
      error instanceof CheckFailed ? error.message : String(error instanceof Error ? error.stack : error);
    process.stderr.write(`check-runtime: FAILED: ${why}\n`);
    process.exit(1);
  },
);
