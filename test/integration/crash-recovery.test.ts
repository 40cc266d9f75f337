import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHostUpSimulator } from '../../src/simulator/hostup/index.js';
import { createFakeSlack } from '../../src/simulator/slack/server.js';
import { ActionId } from '../../src/slack/ids.js';
import { channel, operator, textOf } from '../support/bot-harness.js';
import { botEnv, startBotProcess } from '../support/bot-process.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a crash in the middle of operations', () => {
  it('after SIGKILL and a restart, every operation gets its final reply exactly once and nothing acts twice', async () => {
    const sim = createHostUpSimulator({
      count: 9,
      job: { queuedMs: 400, runningMs: 2500, progressSteps: 4 },
    });
    await sim.listen(0, '127.0.0.1');
    // Slack's limits on: a root 429'd before the crash and sent after it (answer unrecorded) is
    // still looked up on redelivery, never posted twice.
    const slack = createFakeSlack();
    await slack.listen(0, '127.0.0.1');
    const dir = mkdtempSync(join(tmpdir(), 'vps-chatops-crash-'));
    cleanups.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => slack.close(),
      () => sim.close(),
    );
    const env = botEnv(
      { sim, slack, databaseUrl: join(dir, 'bot.db') },
      // The killed process's leases must run out before its work is taken over.
      { LOG_LEVEL: 'info', LEASE_SECONDS: '3' },
    );
    const start = async () => {
      const started = await startBotProcess(env, slack);
      cleanups.push(() => void started.bot.child.kill('SIGKILL'));
      return started;
    };

    const first = await start();
    const names = ['web-001', 'web-002', 'web-003', 'web-004', 'web-005'];
    for (const name of names) {
      const before = slack.ephemerals(operator).length;
      await first.driver.slashCommand({ user: operator, channel, text: `restart ${name}` });
      const offer = await slack.waitFor(() => slack.ephemerals(operator)[before], 10_000);
      await first.driver.click({
        user: operator,
        channel,
        actionId: ActionId.confirm,
        container: 'ephemeral',
        messageTs: offer.ts,
      });
      // The Confirm's answer says HostUp queued it: the call is recorded before the next one.
      await slack.waitFor(
        () => slack.ephemerals(operator).find((m) => textOf(m).includes(`${name}: requested (job`)),
        10_000,
      );
    }
    expect(sim.count('POST', /actions\/restart$/)).toBe(5);

    // Killed mid-flight: jobs are still queued or running.
    first.bot.child.kill('SIGKILL');
    expect(await first.bot.exited).toBe('SIGKILL');
    expect(sim.jobs.some((j) => j.status !== 'completed')).toBe(true);

    const second = await start();
    // Every root of an operation, and every reply in their threads. A crash between Slack's answer
    // and the bot recording it must not produce a second root: the redelivery finds the first.
    const rootsOf = (name: string) =>
      slack.messages(channel).filter((m) => new RegExp(`restart(ed|ing) \\*${name}\\*`).test(textOf(m)));
    const finalsOf = (name: string) =>
      rootsOf(name).flatMap((root) =>
        slack.thread(channel, root.ts).filter((m) => /completed in|failed after/.test(textOf(m))),
      );
    await slack.waitFor(() => names.every((name) => finalsOf(name).length > 0) || undefined, 40_000);
    // Give a duplicate a chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const name of names) {
      expect(finalsOf(name), name).toHaveLength(1);
      expect(rootsOf(name), name).toHaveLength(1);
    }
    expect(sim.count('POST', /actions\/restart$/)).toBe(5);
    expect(second.bot.lines.join('\n')).not.toContain(sim.token);
  }, 90_000);
});
