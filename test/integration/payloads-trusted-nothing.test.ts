import { afterEach, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, startHarness, textOf } from '../support/bot-harness.js';
import { approverEnv, requestMessage } from './approvals-support.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const select = (value: string) => ({ type: 'static_select', selected_option: { value } });

/** The restore form, once it lists the snapshots. */
const snapshotForm = () =>
  h!.slack.waitFor(() =>
    h!.slack
      .views()
      .find(
        (v) =>
          v.view.callback_id === CallbackId.restore &&
          JSON.stringify(v.view.blocks).includes('static_select'),
      ),
  );

/**
 * Signed payloads are trusted for who sent them, never for what they say to do: a button value
 * or a form's private_metadata only points at state the bot stored. These are the adversarial
 * findings of the review, each replayed against the bot over HTTP.
 */
describe('payloads are references, never instructions', () => {
  it('a restore form submitted twice (replayed) posts one request', async () => {
    h = await startHarness({ env: approverEnv });
    await h.driver.slashCommand({ user: operator, channel, text: 'restore web-01' });
    const form = await snapshotForm();
    const submission = {
      user: operator,
      view: form.id,
      values: { restore_snapshot: { snapshot: select('before-upgrade') } },
    };
    await h.driver.submitView(submission);
    await requestMessage(h);
    await h.driver.submitView(submission);
    expect(await h.ephemeral(operator, /already submitted/)).toBeTruthy();
    expect(h.slack.messages(channel).filter((m) => /Approval needed/.test(textOf(m)))).toHaveLength(1);
    expect(await h.bot.store.listPendingApprovals()).toHaveLength(1);
  });

  it('a form whose private_metadata names another channel posts nothing there (and nothing at all)', async () => {
    h = await startHarness({ env: { ...approverEnv, VPS_ALLOWED_CHANNELS: channel } });
    await h.driver.slashCommand({ user: operator, channel, text: 'restore web-01' });
    const form = await snapshotForm();
    const forged = {
      ...form,
      view: { ...form.view, private_metadata: JSON.stringify({ vpsId: 'vps_web01', channel: 'CELSEWHERE' }) },
    };
    const answer = await h.driver.submitView({
      user: operator,
      view: forged,
      values: { restore_snapshot: { snapshot: select('before-upgrade') } },
    });
    expect(answer.body).toMatchObject({ response_action: 'errors' });
    expect(h.slack.messages('CELSEWHERE')).toHaveLength(0);
    expect(h.slack.messages(channel)).toHaveLength(0);
  });

  it('someone else’s form, submitted by another person, asks for nothing', async () => {
    h = await startHarness({ env: approverEnv });
    await h.driver.slashCommand({ user: operator, channel, text: 'restore web-01' });
    const form = await snapshotForm();
    await h.driver.submitView({
      user: 'UAPPROVER1',
      view: form.id,
      values: { restore_snapshot: { snapshot: select('before-upgrade') } },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.slack.messages(channel)).toHaveLength(0);
    expect(await h.bot.store.listPendingApprovals()).toHaveLength(0);
  });

  it('a Force restart button whose value was edited to a reset offers nothing and resets nothing', async () => {
    h = await startHarness();
    h.sim.failNextJob({ action: 'restart', code: 'guest_unresponsive', detail: 'The guest did not respond' });
    await h.command('restart web-01');
    await h.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
    const final = await h.slack.waitFor(() => {
      for (const root of h!.slack.messages(channel)) {
        const reply = h!.slack
          .thread(channel, root.ts)
          .find((m) => JSON.stringify(m.blocks).includes(ActionId.requestForceRestart));
        if (reply) return reply;
      }
      return undefined;
    }, 10_000);
    for (const value of [
      JSON.stringify({ vpsId: 'vps_web01', action: 'reset', force: true }),
      '00000000-0000-4000-8000-000000000000',
    ]) {
      await h.driver.click({
        user: operator,
        channel,
        actionId: ActionId.requestForceRestart,
        messageTs: final.ts,
        value,
      });
    }
    await h.slack.waitFor(
      () =>
        h!.slack.ephemerals(operator).filter((e) => /older message/.test(textOf(e))).length >= 2 || undefined,
      5000,
    );
    expect(h.slack.ephemerals(operator).some((e) => /Reset web-01/.test(textOf(e)))).toBe(false);
    expect(h.sim.count('POST', /actions\/reset$/)).toBe(0);
    // The button itself, with the value the bot gave it, offers exactly a forced restart.
    await h.driver.click({
      user: operator,
      channel,
      actionId: ActionId.requestForceRestart,
      messageTs: final.ts,
    });
    expect(await h.ephemeral(operator, /Force a restart of web-01\?/)).toContain('Forced restart');
  });

  it('a card button naming the VPS id ".." never reaches a HostUp path outside the VPS', async () => {
    h = await startHarness();
    await h.command('show web-01');
    const before = h.sim.requests.length;
    await h.driver.click({
      user: operator,
      channel,
      actionId: `${ActionId.requestPowerAction}:restart`,
      value: JSON.stringify({ vpsId: '..', action: 'restart' }),
      container: 'ephemeral',
    });
    expect(await h.ephemeral(operator, /cannot be a HostUp one/)).toMatch(/nothing was sent/);
    expect(h.sim.requests.slice(before)).toEqual([]);
  });
});
