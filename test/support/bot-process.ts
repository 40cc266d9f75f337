import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { FakeSlack } from '../../src/simulator/slack/server.js';
import { operator, safetyOff, signingSecret } from './bot-harness.js';
import { createSlackDriver, type SlackDriver } from './slack-driver.js';

const root = join(import.meta.dirname, '..', '..');

export interface BotProcess {
  readonly child: ChildProcess;
  /** Every line the process wrote (stdout and stderr). */
  readonly lines: string[];
  /** Resolves with the first JSON log line matching `predicate`. */
  waitForLog(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/**
 * Runs `src/main.ts` through tsx (what `npm start` runs compiled, as dist/main.js), as a separate
 * process with its own environment. scripts/check-runtime.ts starts the compiled one.
 */
export function spawnBot(env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'main.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    for (const wake of waiters.splice(0)) wake();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
      for (const wake of waiters.splice(0)) wake();
    });
  });

  const parsed = () =>
    lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });

  return {
    child,
    lines,
    exited,
    waitForLog(predicate, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(
          () =>
            reject(new Error(`no matching log line within ${timeoutMs} ms:\n${lines.slice(-20).join('\n')}`)),
          timeoutMs,
        );
        const check = () => {
          const found = parsed().find(predicate);
          if (found) {
            clearTimeout(deadline);
            resolve(found);
          } else if (child.exitCode !== null) {
            clearTimeout(deadline);
            reject(new Error(`the bot exited (${child.exitCode}):\n${lines.slice(-20).join('\n')}`));
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}

/** Where a bot process finds its HostUp API, its Slack and its database. */
export interface BotEnvInput {
  readonly sim: { readonly url: string; readonly token: string };
  readonly slack: FakeSlack;
  readonly databaseUrl: string;
}

/**
 * The environment of a bot process that talks HTTP to `sim` and `slack`, listens on a port the OS
 * picks, and lets `operator` act; `extra` adds or overrides variables.
 */
export function botEnv(input: BotEnvInput, extra: Record<string, string> = {}): Record<string, string> {
  return {
    HOSTUP_API_URL: input.sim.url,
    HOSTUP_API_TOKEN: input.sim.token,
    SLACK_BOT_TOKEN: input.slack.botToken,
    SLACK_API_URL: input.slack.apiUrl,
    SLACK_SIGNING_SECRET: signingSecret,
    PORT: '0',
    VPS_OPERATORS: operator,
    DATABASE_URL: input.databaseUrl,
    ...safetyOff,
    ...extra,
  };
}

export interface StartedBot {
  readonly bot: BotProcess;
  /** Signed requests to the bot's HTTP endpoint, as `fake` Slack would send them. */
  readonly driver: SlackDriver;
}

/**
 * Spawns the bot and waits for the log line that names its port. A bot that never gets there is
 * killed before the error is thrown; once started, stopping it is the caller's job.
 */
export async function startBotProcess(
  env: Record<string, string>,
  fake: FakeSlack,
  timeoutMs?: number,
): Promise<StartedBot> {
  const bot = spawnBot(env);
  try {
    const listening = await bot.waitForLog((l) => typeof l.port === 'number', timeoutMs);
    const botUrl = `http://127.0.0.1:${listening.port}/slack/events`;
    return { bot, driver: createSlackDriver({ botUrl, signingSecret, fake }) };
  } catch (error) {
    bot.child.kill('SIGKILL');
    throw error;
  }
}
