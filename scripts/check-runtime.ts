/**
 * `npm run check:runtime` (CI runs it after `npm test`): the production install, as the Dockerfile
 * makes it, started for real. It builds dist/, runs scripts/install-runtime.sh into an empty
 * directory (dist/ plus `npm ci --omit=dev --omit=optional`), then starts `node dist/main.js` there
 * against the fake Slack and the HostUp and Huawei simulators:
 *
 *   1. Socket Mode on SQLite: /healthz and /readyz answer, a /vps command over the socket is
 *      answered, `node dist/healthcheck.js` and `node dist/main.js doctor` exit 0;
 *   2. as compose.yaml runs it: two replicas in Socket Mode on one PostgreSQL database (a
 *      throwaway server; required under CI=true, skipped with a note where none is installed);
 *   3. HTTP mode through `npm start`: a /vps command signed the way Slack signs it is answered,
 *      and a SIGTERM sent to npm reaches the bot.
 *
 * Each bot is stopped with SIGTERM and must exit 0 with no secret in its output. Exits 1 at the
 * first thing that is not so.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHostUpSimulator } from '../src/simulator/hostup/index.js';
import { createHuaweiSimulator } from '../src/simulator/huawei/index.js';
import { slashCommandPayload } from '../src/simulator/slack/interaction-payloads.js';
import { createFakeSlack, type FakeSlack } from '../src/simulator/slack/server.js';
import { startThrowawayPostgres } from '../test/support/postgres-server.js';
import { createSlackDriver } from '../test/support/slack-driver.js';

const root = join(import.meta.dirname, '..');
const keys = { accessKey: 'HPUARUNTIMECHECK0001', secretKey: 'sk_SECRET_runtime_check_7v2p' };
const signingSecret = 'runtime-check-signing-secret-42';
const operator = 'URUNTIME01';
const channel = 'CRUNTIME01';
const say = (line: string) => process.stdout.write(`check-runtime: ${line}\n`);

class CheckFailed extends Error {}

function fail(why: string): never {
  throw new CheckFailed(why);
}

/** Runs a command to its end without blocking the event loop, which serves the simulators. */
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

async function until(what: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  fail(`${what} within ${timeoutMs / 1000} s`);
}

const answers200 = async (url: string) =>
  (await fetch(url, { signal: AbortSignal.timeout(2000) })).status === 200;

interface RuntimeBot {
  readonly base: string;
  readonly child: ChildProcess;
  output(): string;
  /** SIGTERM, then the exit code must be 0 and the log must say it stopped. */
  stop(): Promise<void>;
}

const running = new Set<RuntimeBot>();

/**
 * Starts the bot in the production install, as the image does (`node dist/main.js`) or with
 * `npm start`, and waits until /healthz and /readyz answer.
 */
async function startBot(
  app: string,
  env: NodeJS.ProcessEnv,
  label: string,
  how: 'node' | 'npm start' = 'node',
): Promise<RuntimeBot> {
  const port = await freePort();
  const started = performance.now();
  const [command, args] =
    how === 'node' ? [process.execPath, ['dist/main.js']] : ['npm', ['start', '--silent']];
  const child = spawn(command, args, {
    cwd: app,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (c: Buffer) => {
    log += c.toString();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const bot: RuntimeBot = {
    base: `http://127.0.0.1:${port}`,
    child,
    output: () => log,
    async stop() {
      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise((r) => setTimeout(() => r('no exit in 25 s'), 25_000)),
      ]);
      running.delete(bot);
      if (code !== 0) fail(`${label}: after SIGTERM the bot exited ${String(code)}:\n${log}`);
      if (!log.includes('"msg":"stopping"')) fail(`${label}: no "stopping" line in the log:\n${log}`);
    },
  };
  running.add(bot);
  await until(`${label}: GET /healthz answering 200`, 20_000, () => answers200(`${bot.base}/healthz`));
  const healthyMs = Math.round(performance.now() - started);
  await until(`${label}: GET /readyz answering 200`, 10_000, () => answers200(`${bot.base}/readyz`));
  say(`${label}: /healthz answered after ${healthyMs} ms, then /readyz (store migrated, Slack connected)`);
  return bot;
}

async function answeredOverSocket(slack: FakeSlack, label: string): Promise<void> {
  const before = slack.ephemerals(operator).length;
  const built = slashCommandPayload(slack, { user: operator, channel, text: 'show web-01' });
  await slack.socket.send('slash_commands', built.payload);
  await slack.waitFor(
    (f) =>
      f
        .ephemerals(operator)
        .slice(before)
        .find((e) => JSON.stringify(e).includes('203.0.113.10')),
    10_000,
  );
  say(`${label}: /vps show web-01 over Socket Mode was acked and answered`);
}

function checkInstall(app: string): void {
  for (const devOnly of [
    'tsx',
    'typescript',
    'vitest',
    'esbuild',
    '@biomejs/biome',
    'playwright-core',
    'pino-pretty',
  ]) {
    if (existsSync(join(app, 'node_modules', devOnly)))
      fail(`node_modules/${devOnly} is in the production install`);
  }
  if (!existsSync(join(app, 'node_modules', 'better-sqlite3'))) fail('better-sqlite3 is not installed');
  if (!existsSync(join(app, 'manifest.yml'))) fail('manifest.yml (the doctor reads it) is not installed');
  const meta = JSON.parse(readFileSync(join(app, 'dist', 'meta.json'), 'utf8')) as { inputs: object };
  const devModules = Object.keys(meta.inputs).filter((f) => /^src\/(simulator|playground)\//.test(f));
  if (devModules.length > 0) fail(`the bundle holds ${devModules.join(', ')}`);
  say('the install has dist/, manifest.yml and production dependencies only; no simulator in the bundle');
}

async function main(): Promise<void> {
  say('building dist/ (npm run build)');
  const build = await run(process.execPath, ['scripts/build.mjs'], root);
  if (build.code !== 0) fail(`npm run build:\n${build.output}`);

  const work = mkdtempSync(join(tmpdir(), 'vps-runtime-'));
  const app = join(work, 'app');
  const hostup = createHostUpSimulator();
  const huawei = createHuaweiSimulator({ accessKeys: [keys] });
  const slack = createFakeSlack();
  const secrets = [slack.botToken, slack.appToken, hostup.token, keys.secretKey, signingSecret];
  const outputs: string[] = [];
  let postgres: Awaited<ReturnType<typeof startThrowawayPostgres>> | null = null;
  try {
    say(`installing the production runtime into ${app} (scripts/install-runtime.sh)`);
    const install = await run('bash', [join(root, 'scripts', 'install-runtime.sh'), root, app], root);
    if (install.code !== 0) fail(`install-runtime.sh exited ${install.code}:\n${install.output}`);
    checkInstall(app);

    await Promise.all([
      hostup.listen(0, '127.0.0.1'),
      huawei.listen(0, '127.0.0.1'),
      slack.listen(0, '127.0.0.1'),
    ]);
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
    };

    // 1. Socket Mode on SQLite, with the healthcheck and the doctor.
    const socketBot = await startBot(app, env, 'Socket Mode, SQLite');
    await answeredOverSocket(slack, 'Socket Mode, SQLite');
    const port = new URL(socketBot.base).port;
    const health = await run(process.execPath, ['dist/healthcheck.js'], app, { ...env, PORT: port });
    if (health.code !== 0) fail(`node dist/healthcheck.js exited ${health.code}: ${health.output}`);
    say('node dist/healthcheck.js exited 0');
    const doctor = await run(process.execPath, ['dist/main.js', 'doctor'], app, env);
    outputs.push(doctor.output);
    // The doctor's own summary line: every row it printed passed (the count grows with its checks).
    const passed = /All (\d+) checks passed\./.exec(doctor.output);
    if (doctor.code !== 0 || !passed)
      fail(`node dist/main.js doctor exited ${doctor.code}:\n${doctor.output}`);
    say(`node dist/main.js doctor exited 0 (all ${passed[1]} checks passed)`);
    await socketBot.stop();
    outputs.push(socketBot.output());
    say('Socket Mode, SQLite: SIGTERM stopped it cleanly (exit 0)');

    // 2. Two replicas on one PostgreSQL database, as compose.yaml runs them.
    postgres = await startThrowawayPostgres();
    if (postgres.ok) {
      const pgEnv = { ...env, DATABASE_URL: postgres.url };
      const replicas = [
        await startBot(app, pgEnv, 'replica 1, PostgreSQL'),
        await startBot(app, pgEnv, 'replica 2, PostgreSQL'),
      ];
      await slack.socket.waitForConnections(2, 10_000);
      await answeredOverSocket(slack, 'two replicas, PostgreSQL');
      for (const replica of replicas) {
        await replica.stop();
        outputs.push(replica.output());
      }
      say('two replicas, PostgreSQL: both stopped cleanly on SIGTERM');
    } else if (process.env.CI === 'true') {
      fail(`no PostgreSQL server under CI: ${postgres.reason}`);
    } else {
      say(`SKIPPED two replicas on PostgreSQL: ${postgres.reason}`);
    }

    // 3. HTTP mode, started with `npm start`: a request signed the way Slack signs it, then a
    // SIGTERM to npm, which must reach the bot.
    const httpEnv = { ...env, SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: signingSecret };
    const httpBot = await startBot(app, httpEnv, 'HTTP mode (npm start)', 'npm start');
    const driver = createSlackDriver({ botUrl: `${httpBot.base}/slack/events`, signingSecret, fake: slack });
    const before = slack.ephemerals(operator).length;
    const answer = await driver.slashCommand({ user: operator, channel, text: 'show web-01' });
    if (answer.status !== 200) fail(`HTTP mode: the signed /vps command got ${answer.status}`);
    await slack.waitFor(
      (f) =>
        f
          .ephemerals(operator)
          .slice(before)
          .find((e) => JSON.stringify(e).includes('203.0.113.10')),
      10_000,
    );
    say('HTTP mode: a signed /vps show web-01 was answered');
    await httpBot.stop();
    outputs.push(httpBot.output());
    say('HTTP mode (npm start): SIGTERM to npm stopped the bot cleanly (exit 0)');

    if (secrets.some((secret) => outputs.some((text) => text.includes(secret))))
      fail('a secret reached the output');
    say('no secret in any output');
    say('OK');
  } finally {
    for (const bot of running) bot.child.kill('SIGKILL');
    await Promise.all([slack.close(), hostup.close(), huawei.close()]);
    if (postgres?.ok) await postgres.stop();
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
