import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, startHarness, textOf } from '../support/bot-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function restart(text = 'restart web-01') {
  await h!.command(text);
  await h!.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
  return h!.slack.waitFor(
    () =>
      h!.slack.messages(channel).find((m) => /(restart(ed|ing)|asked to restart) \*web-01/.test(textOf(m))),
    5000,
  );
}

const finalReply = (rootTs: string) =>
  h!.slack.waitFor(
    () => h!.slack.thread(channel, rootTs).find((m) => /completed in|failed after/.test(textOf(m))),
    15_000,
  );

describe('following an operation in its thread', () => {
  it('replies once per status change, edits the root, and ends with the duration and the requester', async () => {
    h = await startHarness({ sim: { job: { queuedMs: 300, runningMs: 1500, progressSteps: 2 } } });
    const root = await restart();
    const final = await finalReply(root.ts);
    const replies = h.slack.thread(channel, root.ts).map(textOf);
    expect(textOf(final)).toContain(`<@${operator}>`);
    expect(textOf(final)).toMatch(/completed in \d+ s/);
    expect(replies.filter((r) => /In progress/.test(r)).length).toBeGreaterThanOrEqual(1);
    expect(replies.filter((r) => /completed in/.test(r))).toHaveLength(1);
    // No reply repeats a status: one reply per change, not one per poll.
    expect(new Set(replies).size).toBe(replies.length);
    const edited = h.slack.message(channel, root.ts)!;
    await h.slack.waitFor(
      () => /completed/.test(textOf(h!.slack.message(channel, root.ts)!)) || undefined,
      5000,
    );
    expect(edited.edits.length).toBeGreaterThanOrEqual(1);
    expect(h.sim.count('POST', /actions\/restart$/)).toBe(1);
    expect(await h.bot.store.listActiveOperations()).toEqual([]);
  });

  it('shows a failed job’s code and detail, and offers a forced restart that is guarded like any action', async () => {
    h = await startHarness();
    h.sim.failNextJob({
      action: 'restart',
      code: 'guest_unresponsive',
      detail: 'The guest did not respond to ACPI',
    });
    const root = await restart();
    const final = await finalReply(root.ts);
    expect(textOf(final)).toContain('guest_unresponsive');
    expect(textOf(final)).toContain('The guest did not respond to ACPI');
    expect(JSON.stringify(final.blocks)).toContain(ActionId.requestForceRestart);

    await h.driver.click({
      user: operator,
      channel,
      actionId: ActionId.requestForceRestart,
      messageTs: final.ts,
    });
    expect(await h.ephemeral(operator, /Force a restart of web-01\?/)).toContain('Forced restart');
    expect(h.sim.count('POST', /actions\/restart$/)).toBe(1);
  });

  it('when Slack answers 429 for a while, delays the updates but loses none and posts none twice', async () => {
    h = await startHarness();
    h.slack.failNext('chat.postMessage', { status: 429, retryAfterSec: 1 }, 3);
    const root = await h.command('restart web-01').then(async () => {
      await h!.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
      return h!.slack.waitFor(
        () => h!.slack.messages(channel).find((m) => /restarted/.test(textOf(m))),
        15_000,
      );
    });
    await finalReply(root.ts);
    const rateLimited = h.slack.callsTo('chat.postMessage').filter((c) => c.error === 'ratelimited' || !c.ok);
    expect(rateLimited.length).toBeGreaterThanOrEqual(1);
    const replies = h.slack.thread(channel, root.ts).map(textOf);
    expect(new Set(replies).size).toBe(replies.length);
    expect(replies.filter((r) => /completed in/.test(r))).toHaveLength(1);
    expect(h.slack.messages(channel).filter((m) => /restarted/.test(textOf(m)))).toHaveLength(1);
  });

  it('lists what is being followed with /vps jobs and shows one with /vps job', async () => {
    h = await startHarness({ sim: { job: { queuedMs: 3000, runningMs: 3000 } } });
    await restart();
    const jobs = await h.command('jobs');
    expect(jobs).toContain('web-01');
    const jobId = /`(job_[^`]+)`/.exec(jobs)![1]!;
    expect(await h.command(`job ${jobId}`)).toContain('Asked by');
    expect(await h.command('job job_unknown')).toContain('No operation with job id');
  });
});
