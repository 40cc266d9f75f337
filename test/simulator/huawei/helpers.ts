import {
  createHuaweiSimulator,
  type HuaweiSimulator,
  type HuaweiSimulatorOptions,
} from '../../../src/simulator/huawei/index.js';

const open: HuaweiSimulator[] = [];

/** Fast reboots for tests: 60 ms. */
export async function startSim(options: HuaweiSimulatorOptions = {}): Promise<HuaweiSimulator> {
  const sim = createHuaweiSimulator({ reboot: { rebootMs: 60 }, ...options });
  open.push(sim);
  await sim.listen(0, '127.0.0.1');
  return sim;
}

/** For afterEach: closes every simulator started by `startSim`. */
export async function closeAll(): Promise<void> {
  await Promise.all(open.splice(0).map((sim) => sim.close()));
}

export function authBody(sim: HuaweiSimulator, overrides: { password?: string; projectId?: string } = {}) {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: {
            name: sim.user.name,
            password: overrides.password ?? sim.user.password,
            domain: { name: sim.user.domain },
          },
        },
      },
      scope: { project: { id: overrides.projectId ?? sim.projectId } },
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: test bodies are read loosely and asserted field by field
export type LooseJson = any;

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: LooseJson;
}

export async function call(
  sim: HuaweiSimulator,
  path: string,
  init: { method?: string; body?: unknown; rawBody?: string; token?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (init.token) headers['x-auth-token'] = init.token;
  let body = init.rawBody;
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const res = await fetch(`${sim.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(body !== undefined && { body }),
  });
  const text = await res.text();
  let json: LooseJson = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Signs in as the simulator's default user and returns the token. */
export async function signIn(sim: HuaweiSimulator): Promise<string> {
  const res = await call(sim, '/v3/auth/tokens', { method: 'POST', body: authBody(sim) });
  const token = res.headers.get('x-subject-token');
  if (res.status !== 201 || !token) throw new Error(`sign-in failed: ${res.status}`);
  return token;
}

/** Polls `check` until it returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
