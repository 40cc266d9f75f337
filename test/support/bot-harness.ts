import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bot, type BotOptions, createBot } from '../../src/bot.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createHostUpSimulator } from '../../src/simulator/hostup/index.js';
import type { HostUpSimulatorOptions } from '../../src/simulator/hostup/types.js';
import {
  createHuaweiSimulator,
  type HuaweiSimulator,
  type HuaweiSimulatorOptions,
} from '../../src/simulator/huawei/index.js';
import { createFakeSlack, type FakeSlack, type FakeSlackOptions } from '../../src/simulator/slack/server.js';
import { createSlackDriver, type SlackDriver } from './slack-driver.js';

export const operator = 'UOPERATOR1';
export const secondOperator = 'UOPERATOR2';
export const groupMember = 'UGROUPMEMBER';
export const outsider = 'UOUTSIDER1';
export const channel = 'COPS0001';
export const signingSecret = 'test-signing-secret-0123456789';

/**
 * The safety features (a snapshot before each restore, a countdown after the last approval, a
 * canary first in a batch reboot) are off unless a test turns them on through `env`, so a test of
 * something else sees one acting call per action, made at once.
 */
export const safetyOff = { VPS_SAFETY_POINT: 'off', VPS_GRACE_SECONDS: '0', VPS_CANARY: 'false' };

/** Polls every few tens of milliseconds: the simulator's jobs here last about 200 ms. */
export const testPollSchedule = { firstMs: 30, minMs: 20, maxMs: 120, nearMs: 20 };

export interface Harness {
  readonly sim: ReturnType<typeof createHostUpSimulator>;
  /** The Huawei Workspace simulator, when started with the `huawei` option; null otherwise. */
  readonly huawei: HuaweiSimulator | null;
  readonly slack: FakeSlack;
  /** The running bot (a new one after `restartBot`). */
  readonly bot: Bot;
  readonly driver: SlackDriver;
  readonly dir: string;
  /** The bot's HTTP port: Slack's endpoint in HTTP mode, health and metrics in both modes. */
  readonly port: number | null;
  /** Runs `/vps <text>` as `user` (HTTP mode) and waits for the private answer; returns its text. */
  command(text: string, user?: string): Promise<string>;
  /** Waits for the newest ephemeral message of `user` matching `pattern`. */
  ephemeral(user: string, pattern: RegExp): Promise<string>;
  close(): Promise<void>;
  /**
   * Stops the bot and starts a new one on the same database, HTTP port, fake Slack and simulator:
   * a process restart, with nothing carried over in memory.
   */
  restartBot(): Promise<void>;
}

export interface HarnessOptions {
  readonly mode?: 'http' | 'socket';
  readonly env?: Record<string, string>;
  readonly sim?: HostUpSimulatorOptions;
  readonly slack?: FakeSlackOptions;
  /** Reuse a directory (and so the database) from an earlier harness. */
  readonly dir?: string;
  /** The bot's clock (expiry, store times); the fakes keep the system clock. */
  readonly clock?: Clock;
  /** How often the bot looks for expired approval requests. Default 20 ms here. */
  readonly approvalSweepMs?: number;
  /**
   * Also start the Huawei Workspace simulator (reboots of 150 ms unless told otherwise) and point
   * HUAWEI_WORKSPACE_URL and HUAWEI_IAM_URL at it, with its IAM user.
   */
  readonly huawei?: true | HuaweiSimulatorOptions;
  /** App-server reboots here: first reading 30 ms after Confirm; time limit as given (default 15 min). */
  readonly huaweiFollow?: { readonly initialDelayMs?: number; readonly rebootLimitMs?: number };
  /** The outbox's budget (Slack's limits by default; scaled when the fake Slack runs faster). */
  readonly deliveryBudget?: BotOptions['deliveryBudget'];
  /** When failed polls are told in the thread (the bot's default: 3 failures over 30 s). */
  readonly pollOutage?: BotOptions['pollOutage'];
  /** How often an operation whose answer was lost is read again. Default 100 ms here. */
  readonly reconcileEveryMs?: number;
}

/**
 * The whole bot, in this process, wired to a HostUp simulator and a fake Slack over real HTTP on
 * loopback, with a SQLite file in a temp directory. Nothing is mocked.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sim = createHostUpSimulator({
    job: { queuedMs: 30, runningMs: 150, progressSteps: 2 },
    ...options.sim,
  });
  await sim.listen(0, '127.0.0.1');
  // Everyone the tests act as is in the workspace's directory (users.info), in UTC unless told.
  const users = Object.fromEntries(
    [operator, secondOperator, groupMember, outsider, 'UAPPROVER1', 'UAPPROVER2'].map((id) => [
      id,
      { name: id.toLowerCase(), tz: 'UTC' },
    ]),
  );
  const slack = createFakeSlack({
    usergroups: { SOPSGROUP: [groupMember] },
    ...options.slack,
    users: { ...users, ...options.slack?.users },
  });
  await slack.listen(0, '127.0.0.1');
  const huawei = options.huawei
    ? createHuaweiSimulator({ reboot: { rebootMs: 150 }, ...(options.huawei === true ? {} : options.huawei) })
    : null;
  if (huawei) await huawei.listen(0, '127.0.0.1');
  const huaweiEnv: Record<string, string> = huawei
    ? {
        HUAWEI_WORKSPACE_URL: huawei.url,
        HUAWEI_IAM_URL: huawei.url,
        HUAWEI_PROJECT_ID: huawei.projectId,
        HUAWEI_IAM_USER: huawei.user.name,
        HUAWEI_IAM_PASSWORD: huawei.user.password,
        HUAWEI_IAM_DOMAIN: huawei.user.domain,
      }
    : {};
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'vps-chatops-'));
  const mode = options.mode ?? 'http';
  const config = loadConfig({
    HOSTUP_API_URL: sim.url,
    HOSTUP_API_TOKEN: sim.token,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_API_URL: slack.apiUrl,
    ...(mode === 'http'
      ? { SLACK_SIGNING_SECRET: signingSecret, PORT: '0' }
      : { SLACK_APP_TOKEN: slack.appToken, PORT: '0' }),
    VPS_OPERATORS: `${operator},${secondOperator},SOPSGROUP`,
    DATABASE_URL: join(dir, 'bot.db'),
    LOG_LEVEL: 'silent',
    ...safetyOff,
    ...huaweiEnv,
    ...options.env,
  });
  const makeBot = (cfg: typeof config) =>
    createBot({
      config: cfg,
      logger: createLogger({ level: 'silent', pretty: false }),
      outboxIdleMs: 20,
      pollSchedule: testPollSchedule,
      approvalSweepMs: options.approvalSweepMs ?? 20,
      reconcileEveryMs: options.reconcileEveryMs ?? 100,
      ...(huawei ? { huaweiFollow: { initialDelayMs: 30, ...options.huaweiFollow } } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.deliveryBudget ? { deliveryBudget: options.deliveryBudget } : {}),
      ...(options.pollOutage ? { pollOutage: options.pollOutage } : {}),
    });
  let bot = await makeBot(config);
  const { port } = await bot.start();
  const driver = createSlackDriver({
    botUrl: `http://127.0.0.1:${port ?? 0}/slack/events`,
    signingSecret,
    fake: slack,
  });

  const ephemeral = (user: string, pattern: RegExp) =>
    slack.waitFor(() => {
      const found = [...slack.ephemerals(user)].reverse().find((e) => pattern.test(textOf(e)));
      return found ? textOf(found) : undefined;
    }, 5000);

  return {
    sim,
    huawei,
    slack,
    get bot() {
      return bot;
    },
    driver,
    dir,
    port,
    ephemeral,
    async command(text, user = operator) {
      const before = slack.ephemerals(user).length;
      const answer = await driver.slashCommand({ user, channel, text });
      if (answer.status !== 200) throw new Error(`the bot answered ${answer.status}`);
      return slack.waitFor(() => {
        const all = slack.ephemerals(user);
        return all.length > before ? textOf(all[all.length - 1]!) : undefined;
      }, 5000);
    },
    async restartBot() {
      await bot.stop();
      // The same port, so the driver (and Slack's request URL) stay valid.
      bot = await makeBot(
        config.slack.mode === 'http' ? { ...config, slack: { ...config.slack, port: port ?? 0 } } : config,
      );
      await bot.start();
    },
    async close() {
      await bot.stop();
      await slack.close();
      await sim.close();
      await huawei?.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The text a person reads: the fallback text plus every text inside the blocks, unescaped. */
export function textOf(message: { text?: string; blocks?: unknown[] }): string {
  const parts: string[] = [message.text ?? ''];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') parts.push(value);
        else walk(value);
      }
    }
  };
  walk(message.blocks ?? []);
  // Slack shows `&lt;` as `<`: compare with what a person sees.
  return parts.join('\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
