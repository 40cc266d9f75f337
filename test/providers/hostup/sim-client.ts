import { pino } from 'pino';
import { type Clock, systemClock } from '../../../src/clock.js';
import type { RateLimitInfo } from '../../../src/domain/vps-api.js';
import { HostUpClient, type HostUpClientOptions } from '../../../src/providers/hostup/index.js';
import {
  createHostUpSimulator,
  type HostUpSimulator,
  type HostUpSimulatorOptions,
} from '../../../src/simulator/hostup/index.js';

/** Everything a test opened, closed by `closeAll()` in afterEach so vitest exits cleanly. */
const open: { close(): Promise<void> }[] = [];

export async function closeAll(): Promise<void> {
  const all = open.splice(0);
  await Promise.all(all.map((o) => o.close()));
}

export async function startSim(options: HostUpSimulatorOptions = {}): Promise<HostUpSimulator> {
  const sim = createHostUpSimulator({ token: 'tok_SECRET_abc123xyz', ...options });
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

/**
 * A clock that records every requested wait and then waits only a few real milliseconds, so
 * tests can assert a 2 s Retry-After was honoured without spending 2 s.
 */
export function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.now(),
    sleep: (ms) => {
      sleeps.push(ms);
      return systemClock.sleep(Math.min(ms, 5));
    },
  };
}

export function clientFor(
  sim: { url: string; token: string },
  overrides: Partial<HostUpClientOptions> = {},
): HostUpClient & { rateLimits: RateLimitInfo[] } {
  const rateLimits: RateLimitInfo[] = [];
  const client = new HostUpClient({
    baseUrl: sim.url,
    token: sim.token,
    timeouts: { connectMs: 2_000, headersMs: 5_000, bodyMs: 5_000 },
    clock: recordingClock(),
    onRateLimit: (info) => rateLimits.push(info),
    ...overrides,
  });
  open.push(client);
  return Object.assign(client, { rateLimits });
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
    await systemClock.sleep(20);
  }
}
