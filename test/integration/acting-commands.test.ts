import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import {
  channel,
  groupMember,
  type Harness,
  operator,
  outsider,
  secondOperator,
  startHarness,
  textOf,
} from '../support/bot-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const confirm = (user = operator) =>
  h!.driver.click({ user, channel, actionId: ActionId.confirm, container: 'ephemeral' });

/** The visible message the bot posted in the channel for an action. */
const rootMessage = (pattern: RegExp) =>
  h!.slack.waitFor(() => h!.slack.messages(channel).find((m) => pattern.test(textOf(m))), 5000);

describe('/vps acting commands over HTTP', () => {
  it.each([
    ['start', 'staging', 'started', /actions\/start$/],
    ['shutdown', 'web-02', 'shut down', /actions\/shutdown$/],
    ['stop', 'web-02', 'stopped', /actions\/stop$/],
    ['restart', 'web-01', 'restarted', /actions\/restart$/],
    ['reset', 'db-01', 'reset', /actions\/reset$/],
  ])(
    '%s asks to confirm, then calls HostUp once and posts who did what in the channel',
    async (verb, name, past, route) => {
      h = await startHarness();
      const offer = await h.command(`${verb} ${name}`);
      expect(offer).toContain(name);
      expect(h.sim.count('POST', route)).toBe(0);

      expect((await confirm()).status).toBe(200);
      const root = await rootMessage(new RegExp(`${past} \\*?${name}`));
      expect(textOf(root)).toContain(`<@${operator}>`);
      expect(textOf(root)).toMatch(/job `job_/);
      expect(h.sim.count('POST', route)).toBe(1);
      expect(await h.ephemeral(operator, /requested \(job/)).toContain(name);
    },
  );

  it('warns before the actions that can lose data', async () => {
    h = await startHarness();
    expect(await h.command('stop web-01')).toMatch(/:warning: Emergency power-off/);
    expect(await h.command('reset web-01')).toMatch(/:warning: Hard reboot/);
    expect(await h.command('restart web-01')).not.toContain(':warning:');
  });

  it('cancel leaves the server alone and closes the confirmation', async () => {
    h = await startHarness();
    await h.command('restart web-01');
    await h.driver.click({ user: operator, channel, actionId: ActionId.cancel, container: 'ephemeral' });
    expect(await h.ephemeral(operator, /Cancelled/)).toContain('web-01 was left as it is');
    const replaced = h.slack.ephemerals(operator).find((e) => /Cancelled/.test(textOf(e)));
    expect(JSON.stringify(replaced?.blocks)).not.toContain(ActionId.confirm);
    expect(h.sim.count('POST', /actions/)).toBe(0);
  });

  it('sends force only for a forced restart, with its own warning', async () => {
    h = await startHarness();
    expect(await h.command('restart web-01 --force')).toMatch(/Forced restart/);
    await confirm();
    await rootMessage(/force-restarted/);
    const post = h.sim.requests.find((r) => r.method === 'POST' && r.path.endsWith('/actions/restart'));
    expect(post?.body).toEqual({ force: true });
  });

  it('a graceful restart sends no body at all', async () => {
    h = await startHarness();
    await h.command('restart web-01');
    await confirm();
    await rootMessage(/restarted/);
    const post = h.sim.requests.find((r) => r.method === 'POST' && r.path.endsWith('/actions/restart'));
    expect(post?.body ?? null).toBeNull();
  });

  it('the card’s buttons lead to the same confirmation', async () => {
    h = await startHarness();
    await h.command('show web-01');
    await h.driver.click({
      user: operator,
      channel,
      actionId: `${ActionId.requestPowerAction}:restart`,
      container: 'ephemeral',
    });
    expect(await h.ephemeral(operator, /Restart web-01\?/)).toContain('reboot cleanly');
  });

  it('refuses a person who is not an operator, privately, naming who may act, and changes nothing', async () => {
    h = await startHarness();
    const refusal = await h.command('restart web-01', outsider);
    expect(refusal).toMatch(/Only <@UOPERATOR1>.* may act on servers; ask an admin to add you/);
    // What a person reads names people, never the settings behind them.
    expect(refusal).not.toMatch(/VPS_/);
    expect(h.sim.requests).toHaveLength(0);
  });

  it('lets members of an operator user group act (checked through usergroups.users.list)', async () => {
    h = await startHarness();
    expect(await h.command('restart web-01', groupMember)).toContain('Restart web-01?');
    expect(h.slack.callsTo('usergroups.users.list')).toHaveLength(1);
  });

  it('only the requester can confirm their confirmation, even if the click reaches the bot', async () => {
    h = await startHarness();
    await h.command('restart web-01');
    const offer = h.slack.ephemerals(operator).at(-1)!;
    const confirmationId = /"value":"([0-9a-f-]{36})"/.exec(JSON.stringify(offer.blocks))![1];
    // Slack shows an ephemeral message to one person only; this is the bot's own guard behind that.
    await h.driver.click({
      user: secondOperator,
      channel,
      actionId: ActionId.confirm,
      container: 'ephemeral',
      messageTs: offer.ts,
      value: confirmationId!,
    });
    await h.slack.waitFor(
      () =>
        h!.slack
          .callsTo('response_url')
          .find((c) => /Only the person who asked/.test(JSON.stringify(c.args))),
      5000,
    );
    expect(h.sim.count('POST', /actions/)).toBe(0);
    await confirm();
    await rootMessage(/restarted/);
    expect(h.sim.count('POST', /actions\/restart$/)).toBe(1);
  });

  it('says why when HostUp’s gate does not allow the action, before asking to confirm', async () => {
    h = await startHarness();
    expect(await h.command('start web-01')).toMatch(/HostUp does not allow a start of \*web-01\* now: .+/);
    expect(h.sim.count('POST', /actions/)).toBe(0);
  });

  it('one action at a time per server: a second Confirm while the first runs is told it is busy', async () => {
    h = await startHarness({ sim: { job: { queuedMs: 2000, runningMs: 2000 } } });
    await h.command('restart web-01');
    await h.command('reset web-01');
    const [restartOffer, resetOffer] = h.slack.ephemerals(operator).slice(-2);
    await h.driver.click({
      user: operator,
      channel,
      actionId: ActionId.confirm,
      container: 'ephemeral',
      messageTs: restartOffer!.ts,
    });
    await rootMessage(/restarting/);
    await h.driver.click({
      user: operator,
      channel,
      actionId: ActionId.confirm,
      container: 'ephemeral',
      messageTs: resetOffer!.ts,
    });
    expect(await h.ephemeral(operator, /is busy/)).toMatch(
      /\*web-01\* is busy: restart by <@UOPERATOR1>.*→ <https:\/\/slack\.com\/archives\/C[A-Z0-9]+\/p\d+\|thread>/,
    );
    expect(h.sim.count('POST', /actions\/reset$/)).toBe(0);
  });

  it('re-checks HostUp’s gate on Confirm: a VPS that stopped meanwhile refuses a restart', async () => {
    h = await startHarness();
    await h.command('restart web-01');
    h.sim.updateVps('vps_web01', { powerState: 'stopped' });
    await confirm();
    expect(await h.ephemeral(operator, /does not allow/)).toMatch(
      /HostUp does not allow a restart of \*web-01\* now.*Nothing was done/,
    );
    expect(h.sim.count('POST', /actions\/restart$/)).toBe(0);
  });

  it('a double click and concurrent clicks on Confirm call HostUp once', async () => {
    h = await startHarness();
    await h.command('restart web-01');
    const ts = h.slack.ephemerals(operator).at(-1)!.ts;
    const clicks = Array.from({ length: 8 }, () =>
      h!.driver.click({
        user: operator,
        channel,
        actionId: ActionId.confirm,
        container: 'ephemeral',
        messageTs: ts,
      }),
    );
    const answers = await Promise.all(clicks);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await rootMessage(/restarted/);
    await h.slack.waitFor(
      () =>
        h!.slack.ephemerals(operator).filter((e) => /already confirmed/.test(textOf(e))).length >= 7 ||
        undefined,
      5000,
    );
    expect(h.sim.count('POST', /actions\/restart$/)).toBe(1);
    expect(h.slack.messages(channel).filter((m) => /restarted/.test(textOf(m)))).toHaveLength(1);
  });

  it('tells the person when the acting call’s answer was lost, without retrying it', async () => {
    h = await startHarness();
    h.sim.inject({ kind: 'drop', when: 'after', match: { method: 'POST', path: '/actions/restart' } });
    await h.command('restart web-01');
    await confirm();
    expect(await h.ephemeral(operator, /may still have been carried out/)).toContain('web-01');
    expect(h.sim.count('POST', /actions\/restart$/)).toBe(1);
  });

  it('changes a hostname after confirming, and shows what happened to reverse DNS', async () => {
    h = await startHarness();
    expect(await h.command('hostname web-01 www.example.org')).toContain('www.example.org');
    await confirm();
    const root = await rootMessage(/changed the hostname of \*web-01\*/);
    const posted = await h.slack.waitFor(
      () => h!.slack.thread(channel, root.ts).find((m) => /Reverse DNS/.test(textOf(m))),
      5000,
    );
    expect(textOf(posted)).toMatch(/Reverse DNS was updated for 203\.0\.113\.10/);
    expect(textOf(posted)).toMatch(/A restart is recommended/);
    const put = h.sim.requests.find((r) => r.method === 'PUT');
    expect(put?.body).toEqual({ hostname: 'www.example.org' });
  });

  it('refuses an invalid hostname before calling anything', async () => {
    h = await startHarness();
    const text = await h.command('hostname web-01 -bad-.example.com');
    expect(text).toMatch(/hyphen/i);
    expect(h.sim.requests).toHaveLength(0);
  });
});
