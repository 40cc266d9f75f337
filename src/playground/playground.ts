import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bot, createBot } from '../bot.js';
import { type LogLevel, loadConfig, secretsOf } from '../config.js';
import { createLogger } from '../logger.js';
import type { HostUpSimulator, SimJobTiming } from '../simulator/hostup/index.js';
import type { HuaweiSimulator } from '../simulator/huawei/index.js';
import { createFakeSlack, type FakeSlack } from '../simulator/slack/server.js';
import { slackEventsPath } from '../slack/app.js';
import { startBackends, watchableJobTiming } from './backends.js';
import { logSink } from './log-sink.js';
import { accessEnv, directory } from './people.js';
import { createUiActions } from './ui-actions.js';
import { startUiServer } from './ui-server.js';
import { PlaygroundState } from './ui-state.js';

export interface PlaygroundOptions {
  /** The page's port; 0 lets the OS pick. Default 3333. */
  port?: number;
  /** Default 127.0.0.1: the page lets anyone who reaches it act as anyone. */
  host?: string;
  /** HostUp job timings. Default: a few seconds per job, slow enough to watch. */
  job?: SimJobTiming;
  /** How long a Huawei app server takes to reboot. Default 5 s. */
  rebootMs?: number;
  /** Keep the SQLite database here (created if missing). Default: a temp dir removed on close. */
  dataDir?: string;
  /** What of the bot's log reaches the terminal (the page shows it from 'info' up). Default 'warn'. */
  logLevel?: LogLevel;
  /** The countdown after the last approval of a destructive request. Default 10 s, long enough to press Cancel. */
  graceSeconds?: number;
}

export interface Playground {
  /** The page, e.g. http://127.0.0.1:3333. */
  readonly url: string;
  readonly hostup: HostUpSimulator;
  readonly huawei: HuaweiSimulator;
  readonly slack: FakeSlack;
  readonly bot: Bot;
  close(): Promise<void>;
}

/**
 * The whole bot on one machine with no Slack workspace and no cloud account: the HostUp and Huawei
 * simulators (demo inventories), the fake Slack, the real bot in HTTP mode pointed at all three,
 * and a page that plays the Slack client. Every click on the page reaches the bot as a signed
 * request, as from Slack.
 */
export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const host = options.host ?? '127.0.0.1';
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  };
  try {
    const backends = await startBackends({
      ...(options.job ? { job: options.job } : {}),
      ...(options.rebootMs ? { rebootMs: options.rebootMs } : {}),
      onClose: (close) => closers.push(close),
    });

    const slack = createFakeSlack({ users: directory() });
    await slack.listen(0, '127.0.0.1');
    closers.push(() => slack.close());

    const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'vps-playground-'));
    if (options.dataDir === undefined)
      closers.push(async () => rmSync(dir, { recursive: true, force: true }));
    else mkdirSync(dir, { recursive: true });

    // A fresh secret per run: the page never sees it; only the playground signs with it.
    const signingSecret = randomBytes(24).toString('hex');
    // The page shows the bot's log from `info` up; the terminal only what `logLevel` asks for.
    const logLevel = options.logLevel ?? 'warn';
    const state = new PlaygroundState(slack);
    const config = loadConfig({
      ...backends.env,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_API_URL: slack.apiUrl,
      SLACK_SIGNING_SECRET: signingSecret,
      PORT: '0',
      DATABASE_URL: join(dir, 'playground.db'),
      LOG_LEVEL: 'info',
      // The safety features as a real install has them (a safety point before every restore, a
      // canary for hard reboots), with a countdown short enough to watch.
      VPS_GRACE_SECONDS: String(options.graceSeconds ?? 10),
      ...accessEnv(),
    });
    const logger = createLogger({
      level: 'info',
      secrets: secretsOf(config),
      destination: logSink((line) => state.addLog(line), logLevel),
    });
    // The bot learns how long each action takes; before its first job ends, it guesses from the
    // playground's own job timing (real HostUp jobs take far longer than these).
    const job = options.job ?? watchableJobTiming;
    const typicalJobMs = (job.queuedMs ?? 0) + (job.runningMs ?? 0);
    const bot = await createBot({
      config,
      logger,
      outboxIdleMs: 100,
      approvalSweepMs: 500,
      pollSchedule: { coldMedianMs: typicalJobMs, coldSigma: 0.5 },
    });
    const { port: botPort } = await bot.start();
    closers.push(() => bot.stop());

    const actions = createUiActions({
      fake: slack,
      state,
      botUrl: `http://127.0.0.1:${botPort ?? 0}${slackEventsPath}`,
      signingSecret,
      hostupUrl: backends.hostup.url,
    });
    const ui = await startUiServer({ port: options.port ?? 3333, host, state, actions });
    closers.push(() => ui.close());

    return { url: ui.url, hostup: backends.hostup, huawei: backends.huawei, slack, bot, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
