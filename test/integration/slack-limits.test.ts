import { afterEach, describe, expect, it } from 'vitest';
import { scaledBudget, slackDeliveryBudget } from '../../src/slack/delivery-budget.js';
import { ActionId } from '../../src/slack/ids.js';
import { type Harness, operator, startHarness, textOf } from '../support/bot-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const burstChannel = 'CBURST01';
const otherChannel = 'COTHER01';

type Via = 'http' | 'socket';

/** `/vps restart <name>` and Confirm, with HostUp's job timed to end at `endAt` (epoch ms). */
async function restart(h: Harness, via: Via, name: string, where: string, endAt: number, runningMs = 400) {
  h.sim.setJobTiming({ queuedMs: Math.max(0, endAt - Date.now() - runningMs), runningMs, progressSteps: 2 });
  const driver = via === 'http' ? h.driver : h.driver.viaSocket;
  const before = h.slack.ephemerals(operator).length;
  await driver.slashCommand({ user: operator, channel: where, text: `restart ${name}` });
  const offer = await h.slack.waitFor(() => h.slack.ephemerals(operator)[before], 10_000);
  await driver.click({
    user: operator,
    channel: where,
    actionId: ActionId.confirm,
    container: 'ephemeral',
    messageTs: offer.ts,
  });
}

const rootsOf = (h: Harness, where: string, name: string) =>
  h.slack.messages(where).filter((m) => new RegExp(`restart(ed|ing) \\*${name}\\*`).test(textOf(m)));
const finalsOf = (h: Harness, where: string, name: string) =>
  rootsOf(h, where, name).flatMap((root) =>
    h.slack.thread(where, root.ts).filter((m) => /completed in|failed after/.test(textOf(m))),
  );

function runningNames(h: Harness, count: number): string[] {
  return Array.from({ length: 60 }, (_, i) => `web-${String(i + 1).padStart(3, '0')}`)
    .filter((name) => h.sim.findVpsByName(name)?.powerState === 'running')
    .slice(0, count);
}

/** The fake's count of chat.postMessage in one channel (Slack's limit: ~1/s, bursts of 4). */
const postsIn = (h: Harness, where: string) =>
  h.slack.rateLimits.stats().channels[where]?.['chat.postMessage'];

describe('within Slack’s rate limits', () => {
  it('a burst of 30 operations ending together in one channel: each final reply once, the channel within its limit, another channel not kept waiting', async () => {
    h = await startHarness({ sim: { count: 60 } });
    const names = runningNames(h, 30);
    const endAt = Date.now() + 6_000;
    for (const name of names) await restart(h, 'http', name, burstChannel, endAt);
    // The burst channel now owes ~25 roots and 30 final replies at about one a second. An action
    // in another channel meanwhile is posted and followed at once.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, endAt - Date.now() + 500)));
    const other = runningNames(h, 31).at(-1)!;
    await restart(h, 'http', other, otherChannel, Date.now() + 300, 300);
    const otherFinal = await h.slack.waitFor(() => finalsOf(h!, otherChannel, other)[0], 8_000);
    const otherVps = h.sim.findVpsByName(other)!;
    const otherJob = h.sim.jobs.find((j) => j.vpsId === otherVps.id)!;
    // Its final reply came within a few seconds of its job's end (the thread's own 1/s limit,
    // its root first), not behind the burst channel's queue.
    const lateMs = Number(otherFinal.ts) * 1000 - Date.parse(otherJob.finishedAt!);
    expect(lateMs).toBeLessThan(4_000);
    const stillOwed = names.filter((name) => finalsOf(h!, burstChannel, name).length === 0);
    expect(
      stillOwed.length,
      'the burst channel was still busy when the other channel got its final reply',
    ).toBeGreaterThan(5);

    await h.slack.waitFor(
      () => names.every((name) => finalsOf(h!, burstChannel, name).length > 0) || undefined,
      100_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const name of names) {
      expect(finalsOf(h, burstChannel, name), name).toHaveLength(1);
      expect(rootsOf(h, burstChannel, name), name).toHaveLength(1);
    }
    expect(h.sim.count('POST', /actions\/restart$/)).toBe(31);
    const posts = postsIn(h, burstChannel)!;
    expect(posts.ratelimited).toBe(0);
    expect(posts.maxPerSecond).toBeLessThanOrEqual(4);
    expect(textOf(otherFinal)).toContain('completed');
  }, 150_000);

  it('over Socket Mode, with a connection refresh in the middle of the burst: nothing lost, nothing doubled', async () => {
    // Slack's limits at 4× speed, the bot's budget scaled alike, so the burst drains in seconds.
    const speed = 4;
    h = await startHarness({
      mode: 'socket',
      sim: { count: 60 },
      slack: { limits: { speed } },
      deliveryBudget: scaledBudget(slackDeliveryBudget, speed),
    });
    await h.slack.socket.waitForConnections(1);
    const names = runningNames(h, 30);
    const endAt = Date.now() + 6_000;
    let refreshed: Promise<void> | undefined;
    for (const [i, name] of names.entries()) {
      if (i === 10) refreshed = h.slack.socket.refresh({ warningMs: 200, closeAfterMs: 200 });
      await restart(h, 'socket', name, burstChannel, endAt);
    }
    await refreshed;
    expect(h.slack.socket.connectionsOpened).toBe(2);

    await h.slack.waitFor(
      () => names.every((name) => finalsOf(h!, burstChannel, name).length > 0) || undefined,
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const name of names) {
      expect(finalsOf(h, burstChannel, name), name).toHaveLength(1);
      expect(rootsOf(h, burstChannel, name), name).toHaveLength(1);
    }
    expect(h.sim.count('POST', /actions\/restart$/)).toBe(30);
    // Every envelope was acked once, on whichever connection was open.
    const acks = h.slack.socket.acks.map((a) => a.envelopeId);
    expect(new Set(acks).size).toBe(acks.length);
    expect(postsIn(h, burstChannel)!.ratelimited).toBe(0);
  }, 120_000);
});
