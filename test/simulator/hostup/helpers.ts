import type { HostUpSimulator, HostUpSimulatorOptions } from '../../../src/simulator/hostup/index.js';
import { createHostUpSimulator } from '../../../src/simulator/hostup/index.js';

/** Fast jobs for tests: 20 ms queued, 100 ms running in 4 steps. */
export const fastJobs = { queuedMs: 20, runningMs: 100, progressSteps: 4 };

const open: HostUpSimulator[] = [];

export async function startSim(options: HostUpSimulatorOptions = {}): Promise<HostUpSimulator> {
  const sim = createHostUpSimulator({ job: fastJobs, ...options });
  await sim.listen(0, '127.0.0.1');
  open.push(sim);
  return sim;
}

/** For afterEach: closes every simulator started by `startSim`. */
export async function closeAll(): Promise<void> {
  await Promise.all(open.splice(0).map((sim) => sim.close()));
}

export interface CallInit {
  method?: string;
  body?: unknown;
  rawBody?: string;
  /** null sends no Authorization header; a string sends that token. Default: the simulator's. */
  token?: string | null;
  signal?: AbortSignal;
}

export function call(sim: HostUpSimulator, path: string, init: CallInit = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? sim.token : init.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  return fetch(`${sim.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(body !== undefined && { body }),
    ...(init.signal && { signal: init.signal }),
  });
}

// biome-ignore lint/suspicious/noExplicitAny: test bodies are read loosely and asserted field by field
export type LooseJson = any;

export async function callJson(
  sim: HostUpSimulator,
  path: string,
  init: CallInit = {},
): Promise<{ status: number; headers: Headers; body: LooseJson }> {
  const res = await call(sim, path, init);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

/** Polls `check` until it returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = 5000,
  everyMs = 5,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
