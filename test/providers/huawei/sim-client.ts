import { pino } from 'pino';
import { systemClock } from '../../../src/clock.js';
import { type HuaweiClientOptions, HuaweiWorkspaceClient } from '../../../src/providers/huawei/index.js';
import {
  createHuaweiSimulator,
  type HuaweiSimulator,
  type HuaweiSimulatorOptions,
} from '../../../src/simulator/huawei/index.js';

/** A password that must never show up in an error, a log line or a recorded request. */
export const PASSWORD = 'pw_SECRET_Huawei_9f3k';
export const USER = { name: 'chatops-bot', password: PASSWORD, domain: 'acme-account' };

/** Everything a test opened, closed by `closeAll()` in afterEach so vitest exits cleanly. */
const open: { close(): Promise<void> }[] = [];

export async function closeAll(): Promise<void> {
  await Promise.all(open.splice(0).map((o) => o.close()));
}

/** Fast reboots (60 ms) so following one to its end takes milliseconds. */
export async function startSim(options: HuaweiSimulatorOptions = {}): Promise<HuaweiSimulator> {
  const sim = createHuaweiSimulator({ users: [USER], reboot: { rebootMs: 60 }, ...options });
  open.push(sim);
  await sim.listen(0, '127.0.0.1');
  return sim;
}

/** A real pino logger at debug level whose lines are kept for assertions. */
export function captureLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
  return { logger, lines };
}

/** An IAM-login client pointed at the simulator for both IAM and Workspace. */
export function clientFor(
  sim: HuaweiSimulator,
  overrides: Partial<HuaweiClientOptions> = {},
): HuaweiWorkspaceClient {
  const client = new HuaweiWorkspaceClient({
    workspaceUrl: sim.url,
    iamUrl: sim.url,
    projectId: sim.projectId,
    auth: { kind: 'iam', user: USER.name, password: USER.password, domain: USER.domain },
    timeouts: { connectMs: 2_000, headersMs: 5_000, bodyMs: 5_000 },
    ...overrides,
  });
  open.push(client);
  return client;
}

export async function caught(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the call to fail with an Error');
  return outcome;
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await systemClock.sleep(15);
  }
}

/** Everything an error could show or log: message, detail, cause chain, serialised fields. */
export function everythingIn(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 5; depth++) {
    parts.push(e.message, String(e.stack), JSON.stringify({ ...e }));
    e = e.cause;
  }
  return parts.join('\n');
}

export const IAM_PATH = '/v3/auth/tokens';
export const serversPath = (sim: HuaweiSimulator) => `/v1/${sim.projectId}/app-servers`;
export const rebootPath = (sim: HuaweiSimulator) => `/v1/${sim.projectId}/app-servers/actions/batch-reboot`;
