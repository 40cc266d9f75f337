import { afterEach, describe, expect, it } from 'vitest';
import { generatedAppServers } from '../../src/simulator/huawei/index.js';
import { ActionId } from '../../src/slack/ids.js';
import {
  channel,
  type Harness,
  type HarnessOptions,
  operator,
  startHarness,
  textOf,
} from '../support/bot-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Runs the command, clicks Confirm, and returns the root message the bot posted in the channel. */
async function rebootConfirmed(text: string) {
  await h!.command(text);
  await h!.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
  // The root is posted before the call ("asking Huawei…"); wait until it shows what Huawei said.
  return h!.slack.waitFor(
    () =>
      h!.slack
        .messages(channel)
        .find((m) => /reboot(ed|ing) .*app server/.test(textOf(m)) && !/asking Huawei/.test(textOf(m))),
    5000,
  );
}

const summary = (rootTs: string) =>
  h!.slack.waitFor(
    () => h!.slack.thread(channel, rootTs).find((m) => /reboot of .* ended after/.test(textOf(m))),
    15_000,
  );

const rebootBodies = () =>
  h!
    .huawei!.requests.filter((r) => r.method === 'PATCH')
    .map((r) => r.body as { items: string[]; type: string });

async function start(options: HarnessOptions = {}) {
  h = await startHarness({ huawei: true, ...options });
  return h;
}

describe('following app-server reboots in their thread', () => {
  it('reports a server in ERROR as failed while the others come back, and ends with a summary for the requester', async () => {
    await start();
    const id3 = h!.huawei!.findServerByName('app-03')!.id;
    h!.huawei!.failNextReboot(id3);
    const root = await rebootConfirmed('appserver reboot app-01 app-02 app-03');
    expect(textOf(root)).toMatch(
      new RegExp(`<@${operator}> (is rebooting|rebooted) 3 app servers \\(SOFT\\)`),
    );
    expect(rebootBodies()).toEqual([{ items: expect.arrayContaining([id3]), type: 'SOFT' }]);
    expect(await h!.ephemeral(operator, /Huawei accepted the reboot of 3 app servers/)).toContain('thread');

    const end = textOf(await summary(root.ts));
    expect(end).toContain(`<@${operator}>`);
    expect(end).toMatch(/2 back, 1 failed, 0 did not come back in 15 minutes/);
    expect(end).toMatch(/\*Failed:\* app-03 \(ERROR\)/);
    const replies = h!.slack.thread(channel, root.ts).map(textOf);
    expect(replies.some((r) => /:x: Failed: \*app-03\* \(ERROR\)/.test(r))).toBe(true);
    expect(replies.filter((r) => /Back: .*app-01/.test(r))).toHaveLength(1);
    expect(new Set(replies).size).toBe(replies.length);
    await h!.slack.waitFor(
      () => /2\/3 back · 1 failed/.test(textOf(h!.slack.message(channel, root.ts)!)) || undefined,
      5000,
    );
    // Newest first: how the reboot ended (one server failed), then the call that started it.
    const [ended, op] = await h!.bot.store.listAudit({ limit: 2 });
    expect(ended).toMatchObject({ action: 'appserver reboot', outcome: 'failed', actor: 'system' });
    expect(op).toMatchObject({ action: 'appserver reboot', outcome: 'executed' });
    expect(await h!.bot.store.listActiveOperations()).toEqual([]);
    expect(h!.huawei!.count('PATCH', /batch-reboot$/)).toBe(1);
  });

  it('reboots 25 servers in two requests of 20 and 5 and follows every one of them to the end', async () => {
    await start({ huawei: { count: 25 } });
    const names = Array.from({ length: 25 }, (_, i) => `app-${String(i + 1).padStart(3, '0')}`);
    const root = await rebootConfirmed(`appserver reboot ${names.join(' ')}`);
    expect(rebootBodies().map((b) => b.items.length)).toEqual([20, 5]);
    expect(textOf(await summary(root.ts))).toMatch(/25 back, 0 failed, 0 did not come back/);
    expect(h!.huawei!.servers.every((s) => s.reboots.length === 1)).toBe(true);
    const backReplies = h!.slack.thread(channel, root.ts).filter((m) => /Back:/.test(textOf(m)));
    const told = backReplies.flatMap((m) => textOf(m).match(/app-\d{3}/g) ?? []);
    expect(new Set(told).size).toBe(25);
  });

  it('says which servers were not rebooted when a request failed, and follows only the accepted ones', async () => {
    await start({ huawei: { count: 25 } });
    const names = Array.from({ length: 25 }, (_, i) => `app-${String(i + 1).padStart(3, '0')}`);
    await h!.command(`appserver reboot ${names.join(' ')}`);
    // app-022 disappears while the first request is on its way (after the bot's last check):
    // Huawei refuses the second request (404).
    h!.huawei!.inject({ kind: 'latency', ms: 400, match: { method: 'PATCH' } });
    await h!.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
    await h!.slack.waitFor(() => h!.huawei!.requests.some((r) => r.method === 'PATCH') || undefined, 5000);
    h!.huawei!.seed(generatedAppServers(25).filter((s) => s.name !== 'app-022'));
    const root = await h!.slack.waitFor(
      () => h!.slack.messages(channel).find((m) => /reboot(ed|ing) 20 app servers/.test(textOf(m))),
      5000,
    );
    expect(textOf(root)).toMatch(
      /Not rebooted\* \(the request failed\): app-021, app-022, app-023, app-024, app-025/,
    );
    expect(textOf(root)).toContain('WKS.');
    expect(await h!.ephemeral(operator, /Huawei accepted the reboot of 20 app servers/)).toMatch(
      /Not rebooted: app-021/,
    );
    const end = textOf(await summary(root.ts));
    expect(end).toMatch(/20 back, 0 failed/);
    expect(end).toMatch(/Not rebooted.*app-025/);
    expect(rebootBodies().map((b) => b.items.length)).toEqual([20, 5]);
  });

  it('says a server did not come back in time when it is still rebooting at the time limit', async () => {
    await start({ huawei: { reboot: { rebootMs: 60_000 } }, huaweiFollow: { rebootLimitMs: 1_500 } });
    const root = await rebootConfirmed('appserver reboot app-02 --hard');
    expect(textOf(root)).toMatch(/reboot(ed|ing) app server \*app-02\* \(HARD\)/);
    const end = textOf(await summary(root.ts));
    expect(end).toMatch(/0 back, 0 failed, 1 did not come back in 2 seconds/);
    expect(end).toMatch(/Did not come back in 2 seconds:\* app-02 \(HARD_REBOOT · reboot_started_hard\)/);
    const replies = h!.slack.thread(channel, root.ts).map(textOf);
    expect(replies.some((r) => /Rebooting: \*app-02\*/.test(r))).toBe(true);
    expect(rebootBodies()).toEqual([{ items: [h!.huawei!.findServerByName('app-02')!.id], type: 'HARD' }]);
  });

  it('tells the person when Huawei refuses every server, and follows nothing', async () => {
    await start();
    h!.huawei!.inject({ kind: 'status', status: 403, match: { method: 'PATCH' } });
    await h!.command('appserver reboot app-01');
    await h!.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
    expect(await h!.ephemeral(operator, /WKS\.00081102/)).toContain('Nothing was rebooted');
    expect(await h!.bot.store.listActiveOperations()).toEqual([]);
    // The channel sees the attempt and that nothing was rebooted, never a reboot that did not happen.
    const root = await h!.slack.waitFor(
      () =>
        h!.slack.messages(channel).find((m) => /refused by Huawei — nothing was rebooted/.test(textOf(m))),
      5000,
    );
    expect(textOf(root)).toMatch(/asked to reboot app server \*app-01\*/);
    expect(
      h!.slack.messages(channel).filter((m) => /rebooted (app server|\d+ app servers)/.test(textOf(m))),
    ).toHaveLength(0);
  });
});
