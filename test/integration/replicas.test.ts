import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { generatedInventory } from '../../src/simulator/hostup/demo-inventory.js';
import { createHostUpSimulator, demoInventory } from '../../src/simulator/hostup/index.js';
import { createFakeSlack, type FakeSlackOptions } from '../../src/simulator/slack/server.js';
import { ActionId } from '../../src/slack/ids.js';
import { channel, operator, textOf } from '../support/bot-harness.js';
import { botEnv, type StartedBot, startBotProcess } from '../support/bot-process.js';
import { postgresForTestFile } from '../support/postgres.js';
import { approvalIdOf, approver, approver2, restoreRoute } from './approvals-support.js';

const postgres = await postgresForTestFile('two bot replicas on one PostgreSQL');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startReplicas(count: number, slackOptions: FakeSlackOptions = {}) {
  const sim = createHostUpSimulator({
    vpses: [...demoInventory(), ...generatedInventory(100)],
    job: { queuedMs: 500, runningMs: 8000, progressSteps: 2 },
  });
  await sim.listen(0, '127.0.0.1');
  const slack = createFakeSlack(slackOptions);
  await slack.listen(0, '127.0.0.1');
  const database = await postgres!.createDatabase();
  cleanups.push(
    () => database.drop(),
    () => slack.close(),
    () => sim.close(),
  );
  const env = botEnv(
    { sim, slack, databaseUrl: database.url },
    { VPS_APPROVERS: `${approver},${approver2}`, LEASE_SECONDS: '3' },
  );
  const replicas: StartedBot[] = [];
  for (let i = 0; i < count; i++) {
    const replica = await startBotProcess(env, slack, 30_000);
    cleanups.push(() => void replica.bot.child.kill('SIGKILL'));
    replicas.push(replica);
  }
  return { sim, slack, replicas };
}

describe.skipIf(!postgres)('several replicas on one PostgreSQL', () => {
  it('a hundred operations through two replicas, one killed midway: one final reply each, no action twice, within Slack’s limits', async () => {
    // Slack's limits on, shared by both replicas through the store. Spread over ten channels: in
    // one, a hundred roots and final replies at Slack's 1 message/s per channel take minutes.
    const { sim, slack, replicas } = await startReplicas(2);
    const channels = Array.from({ length: 10 }, (_, i) => `CREPLICA${i}`);
    const names = Array.from({ length: 100 }, (_, i) => `web-${String(i + 1).padStart(3, '0')}`).filter(
      (name) => sim.findVpsByName(name)?.powerState === 'running',
    );
    const channelOf = new Map(names.map((name, i) => [name, channels[i % channels.length]!]));
    for (const [i, name] of names.entries()) {
      const { driver } = replicas[i % 2]!;
      const where = channelOf.get(name)!;
      const before = slack.ephemerals(operator).length;
      await driver.slashCommand({ user: operator, channel: where, text: `restart ${name}` });
      const offer = await slack.waitFor(() => slack.ephemerals(operator)[before], 10_000);
      await driver.click({
        user: operator,
        channel: where,
        actionId: ActionId.confirm,
        container: 'ephemeral',
        messageTs: offer.ts,
      });
    }
    // Every Confirm's answer says HostUp queued it: each call is recorded before the kill.
    const queued = () => slack.ephemerals(operator).filter((m) => /: requested \(job/.test(textOf(m))).length;
    await slack.waitFor(() => queued() >= names.length || undefined, 30_000);
    expect(sim.count('POST', /actions\/restart$/)).toBe(names.length);

    // Midway: some jobs are still queued or running when one replica dies.
    expect(sim.jobs.some((j) => j.status !== 'completed')).toBe(true);
    replicas[0]!.bot.child.kill('SIGKILL');
    await replicas[0]!.bot.exited;

    const rootsOf = (name: string) =>
      slack
        .messages(channelOf.get(name)!)
        .filter((m) => new RegExp(`restart(ed|ing) \\*${name}\\*`).test(textOf(m)));
    const finalsOf = (name: string) =>
      rootsOf(name).flatMap((root) =>
        slack
          .thread(channelOf.get(name)!, root.ts)
          .filter((m) => /completed in|failed after/.test(textOf(m))),
      );
    await slack.waitFor(() => names.every((name) => finalsOf(name).length > 0) || undefined, 90_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    for (const name of names) {
      expect(finalsOf(name), name).toHaveLength(1);
      expect(rootsOf(name), name).toHaveLength(1);
    }
    expect(sim.count('POST', /actions\/restart$/)).toBe(names.length);
    // The two replicas drew on one budget: together they never pushed Slack into a 429.
    const stats = slack.rateLimits.stats();
    expect(stats.methods['chat.postMessage']?.ratelimited ?? 0).toBe(0);
    expect(stats.methods['chat.update']?.ratelimited ?? 0).toBe(0);
  }, 180_000);

  it('concurrent Approve clicks sent to both replicas restore once', async () => {
    const { sim, slack, replicas } = await startReplicas(2);
    await replicas[0]!.driver.slashCommand({
      user: operator,
      channel,
      text: 'restore web-01 before-upgrade',
    });
    const request = await slack.waitFor(
      () => slack.messages(channel).find((m) => JSON.stringify(m.blocks ?? []).includes(ActionId.approve)),
      10_000,
    );
    const approvalId = approvalIdOf(request);
    const clicks = [approver, approver2].flatMap((user) =>
      replicas.flatMap(({ driver }) =>
        Array.from({ length: 5 }, () =>
          driver.click({
            user,
            channel,
            actionId: ActionId.approve,
            messageTs: request.ts,
            value: approvalId,
            container: 'message',
          }),
        ),
      ),
    );
    const answers = await Promise.all(clicks);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await slack.waitFor(() => sim.count('POST', restoreRoute) >= 1 || undefined, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(sim.count('POST', restoreRoute)).toBe(1);
  }, 90_000);
});
