import { createHostUpSimulator } from '../../src/simulator/hostup/index.js';
import { createFakeSlack } from '../../src/simulator/slack/server.js';
import type { StoredMessage } from '../../src/simulator/slack/types.js';
import { ActionId } from '../../src/slack/ids.js';
import { channel, operator, textOf } from './bot-harness.js';
import { botEnv, type StartedBot, startBotProcess } from './bot-process.js';

/**
 * Where the acting path is cut: before the acting call is sent (its journal entry committed),
 * while it is in flight (HostUp received it and holds its answer), after HostUp answered but
 * before the bot recorded it, and after it was recorded but before any message went out.
 */
export const crashPoints = ['before-call', 'in-flight', 'after-answer', 'after-record'] as const;
export type CrashPoint = (typeof crashPoints)[number];

/** A person's Confirm of a restart, or an approved snapshot restore. */
export const crashOrigins = ['confirm', 'approved-restore'] as const;
export type CrashOrigin = (typeof crashOrigins)[number];

export interface CrashResult {
  readonly point: CrashPoint;
  readonly origin: CrashOrigin;
  /** Acting requests HostUp received for the action (never more than 1). */
  readonly actingCalls: number;
  /** The final messages in the action's thread (exactly 1). */
  readonly finals: readonly string[];
  /** Roots posted for the action (exactly 1). */
  readonly roots: number;
}

const approver = 'UAPPROVER1';
const route = {
  confirm: /\/actions\/restart$/,
  'approved-restore': /\/snapshots\/[^/]+\/actions\/restore$/,
} as const;
const finalPattern = /completed in|failed after|Nothing was repeated|was not carried out/;

/**
 * One run: the bot is killed with SIGKILL at `point` of one action, started again on the same
 * database, and left to finish. Resolves with what HostUp received and what the thread says.
 */
export async function runCrashScenario(args: {
  point: CrashPoint;
  origin: CrashOrigin;
  databaseUrl: string;
  cleanups: (() => Promise<void> | void)[];
}): Promise<CrashResult> {
  const { point, origin, cleanups } = args;
  const sim = createHostUpSimulator({ job: { queuedMs: 200, runningMs: 800 } });
  await sim.listen(0, '127.0.0.1');
  const slack = createFakeSlack();
  await slack.listen(0, '127.0.0.1');
  cleanups.push(
    () => slack.close(),
    () => sim.close(),
  );
  const base = botEnv(
    { sim, slack, databaseUrl: args.databaseUrl },
    // A dead process's lease must run out before its work is taken over.
    { LEASE_SECONDS: '2', VPS_APPROVERS: approver, LOG_LEVEL: 'info' },
  );
  const start = async (env: Record<string, string>): Promise<StartedBot> => {
    const started = await startBotProcess(env, slack);
    cleanups.push(() => void started.bot.child.kill('SIGKILL'));
    return started;
  };

  const first = await start(point === 'in-flight' ? base : { ...base, VPS_FAILPOINTS: `acting.${point}` });
  if (point === 'in-flight')
    sim.inject({
      kind: 'hold',
      match: { method: 'POST', path: origin === 'confirm' ? '/actions/restart' : '/actions/restore' },
    });
  const rootTs =
    origin === 'confirm' ? await confirmRestart(first, slack) : await approveRestore(first, slack);
  if (point === 'in-flight') {
    await slack.waitFor(() => sim.held.length > 0 || undefined, 10_000);
    first.bot.child.kill('SIGKILL');
  }
  if ((await first.bot.exited) !== 'SIGKILL') throw new Error(`the first bot did not die at ${point}`);
  sim.release();

  const second = await start(base);
  const root = (): StoredMessage | undefined =>
    rootTs
      ? slack.message(channel, rootTs)
      : slack
          .messages(channel)
          .find((m) => /(is restarting|restarted|asked to restart) \*web-01\*/.test(textOf(m)));
  const finals = () => {
    const r = root();
    return r ? slack.thread(channel, r.ts).filter((m) => finalPattern.test(textOf(m))) : [];
  };
  await slack
    .waitFor(() => finals().length > 0 || undefined, 30_000)
    .catch((error: unknown) => {
      throw new Error(
        `no final message at ${point} of ${origin}: ${String(error)}\n${whatHappened(second, slack, sim)}`,
      );
    });
  // Give a second final (or a repeated call) the time to show up before counting.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const roots =
    origin === 'confirm'
      ? slack
          .messages(channel)
          .filter((m) => /(is restarting|restarted|asked to restart) \*web-01\*/.test(textOf(m))).length
      : 1;
  return {
    point,
    origin,
    actingCalls: sim.calls.filter((c) => route[origin].test(c.path)).length,
    finals: finals().map(textOf),
    roots,
  };
}

/** What a failed wait shows: the channel's messages, HostUp's calls and the second bot's last lines. */
function whatHappened(
  bot: StartedBot,
  slack: ReturnType<typeof createFakeSlack>,
  sim: ReturnType<typeof createHostUpSimulator>,
): string {
  return [
    'channel:',
    ...slack.messages(channel).map((m) => `  ${m.ts} ${m.threadTs ?? '-'} ${textOf(m).slice(0, 160)}`),
    'HostUp calls:',
    ...sim.calls.map((c) => `  ${c.method} ${c.path}`),
    'second bot, last lines:',
    ...bot.bot.lines.slice(-40).map((line) => `  ${line.slice(0, 300)}`),
  ].join('\n');
}

/** `/vps restart web-01` and Confirm; the root's ts is found later (it may not be posted yet). */
async function confirmRestart(bot: StartedBot, slack: ReturnType<typeof createFakeSlack>): Promise<null> {
  const before = slack.ephemerals(operator).length;
  await bot.driver.slashCommand({ user: operator, channel, text: 'restart web-01' });
  const offer = await slack.waitFor(() => slack.ephemerals(operator)[before], 10_000);
  await bot.driver.click({
    user: operator,
    channel,
    actionId: ActionId.confirm,
    container: 'ephemeral',
    messageTs: offer.ts,
  });
  return null;
}

/** A restore request, approved: the operation's thread grows under the request's message. */
async function approveRestore(bot: StartedBot, slack: ReturnType<typeof createFakeSlack>): Promise<string> {
  await bot.driver.slashCommand({ user: operator, channel, text: 'restore web-01 before-upgrade' });
  const request = await slack.waitFor(
    () => slack.messages(channel).find((m) => /Approval needed/.test(textOf(m))),
    10_000,
  );
  const approvalId = /"value":"([0-9a-f-]{36})"/.exec(JSON.stringify(request.blocks))?.[1] ?? '';
  await bot.driver.click({
    user: approver,
    channel,
    actionId: ActionId.approve,
    messageTs: request.ts,
    value: approvalId,
    container: 'message',
  });
  return request.ts;
}
