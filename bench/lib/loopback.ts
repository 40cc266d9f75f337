import { type Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { HostUpSimulator } from '../../src/simulator/hostup/index.js';
import type { FakeSlack } from '../../src/simulator/slack/server.js';
import { signSlackRequest } from '../../src/simulator/slack/slack-signature.js';

/** Loopback wiring shared by the benchmarks (the same as test/support/bot-harness.ts, not imported). */
export const benchSigningSecret = 'bench-signing-secret-0123456789';
export const benchOperator = 'UBENCHOP1';
export const benchChannel = 'CBENCH0001';

/** The environment `loadConfig` reads for a bot in HTTP mode against the fakes. */
export function botEnv(args: {
  sim: HostUpSimulator;
  slack: FakeSlack;
  databaseUrl: string;
  hostupUrl?: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    HOSTUP_API_URL: args.hostupUrl ?? args.sim.url,
    HOSTUP_API_TOKEN: args.sim.token,
    SLACK_BOT_TOKEN: args.slack.botToken,
    SLACK_API_URL: args.slack.apiUrl,
    SLACK_SIGNING_SECRET: benchSigningSecret,
    PORT: '0',
    VPS_OPERATORS: benchOperator,
    DATABASE_URL: args.databaseUrl,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    ...args.extra,
  };
}

export interface PostResult {
  /** 0 when there was no HTTP answer (error or timeout). */
  readonly status: number;
  /** From the request's start to the end of the answer (or the failure). */
  readonly ms: number;
  readonly error?: string;
}

/**
 * POSTs a Slack request signed the way Slack signs it (`v0=` HMAC-SHA256 over `v0:<ts>:<body>`),
 * on a fresh connection like slack-driver.ts in the tests, and times it until the whole answer.
 */
export function postSigned(
  url: string,
  rawBody: string,
  options: { signingSecret: string; timeoutMs: number; agent?: Agent | false },
): Promise<PostResult> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = signSlackRequest(options.signingSecret, timestamp, rawBody);
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (status: number, error?: string) =>
      resolve({ status, ms: performance.now() - started, ...(error ? { error } : {}) });
    const req = request(
      url,
      {
        method: 'POST',
        agent: options.agent ?? false,
        timeout: options.timeoutMs,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(rawBody),
          'x-slack-signature': signature,
          'x-slack-request-timestamp': String(timestamp),
          'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
        res.on('error', (error) => done(0, error.message));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => done(0, error.message));
    req.end(rawBody);
  });
}

/** Sleeps on a real timer. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it is true or `timeoutMs` passed; resolves with the last answer. */
export async function waitUntil(check: () => boolean, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await sleep(everyMs);
  }
  return check();
}
