import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, outsider, startHarness, textOf } from '../support/bot-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const reboots = () => h!.huawei!.count('PATCH', /batch-reboot$/);

describe('/vps appservers and /vps appserver reboot, before anything is rebooted', () => {
  it('lists every app server with its status, vm status and sessions, and filters by group', async () => {
    h = await startHarness({ huawei: true });
    const all = await h.command('appservers');
    expect(all).toMatch(/5 app servers/);
    expect(all).toMatch(/app-01\* \(APS-619200\) · ACTIVE · REGISTERED · :bust_in_silhouette: 3 sessions/);
    expect(all).toMatch(/app-05.*MAINTAINING.*maintenance/);
    const design = await h.command('appservers design');
    expect(design).toMatch(/2 app servers\* matching “design”/);
    expect(design).toContain('app-04');
    expect(design).not.toContain('app-01');
    expect(await h.command('appservers nothing-like-it')).toContain('No app server matches');
  });

  it('says Huawei is not set up, for both commands, naming no setting, and calls nothing', async () => {
    h = await startHarness();
    const list = await h.command('appservers');
    expect(list).toMatch(/not set up for this bot.*Ask an admin/s);
    const reboot = await h.command('appserver reboot app-01');
    expect(reboot).toMatch(/not set up for this bot/);
    for (const text of [list, reboot]) expect(text).not.toMatch(/HUAWEI_|VPS_|[A-Z]{3,}_[A-Z]{3,}/);
    expect(h.sim.requests).toHaveLength(0);
  });

  it('refuses a person who is not an operator before reading or rebooting anything', async () => {
    h = await startHarness({ huawei: true });
    expect(await h.command('appserver reboot app-01', outsider)).toMatch(
      /Only <@UOPERATOR1>.* may act on servers; ask an admin to add you/,
    );
    expect(h.huawei!.requests).toHaveLength(0);
  });

  it('warns how many people are logged in before anyone can click, and reboots nothing yet', async () => {
    h = await startHarness({ huawei: true });
    const offer = await h.command('appserver reboot app-01 app-03 APS-068160');
    expect(offer).toContain('Reboot 3 app servers?');
    expect(offer).toMatch(/10 sessions are open on 2 of these servers/);
    expect(offer).toContain('app-02');
    expect(offer).not.toContain('HARD');
    expect(reboots()).toBe(0);
  });

  it('a HARD reboot carries its own warning and button', async () => {
    h = await startHarness({ huawei: true });
    const offer = await h.command('appserver reboot app-02 --hard');
    expect(offer).toContain('HARD reboot app-02?');
    expect(offer).toMatch(/:warning: HARD reboot: the servers are not shut down cleanly/);
    const buttons = JSON.stringify(h.slack.ephemerals(operator).at(-1)!.blocks);
    expect(buttons).toContain('"style":"danger"');
  });

  it('answers an unknown or ambiguous name with suggestions and offers nothing to confirm', async () => {
    h = await startHarness({ huawei: true });
    h.huawei!.seed([
      { id: '800000000000000001', name: 'citrix-a', machineName: 'APS-A' },
      { id: '800000000000000002', name: 'citrix-a', machineName: 'APS-B' },
      { id: '800000000000000003', name: 'citrix-b', machineName: 'APS-C' },
    ]);
    const answer = await h.command('appserver reboot citrix-a citrx-b');
    expect(answer).toMatch(/“citrix-a” fits 2 app servers: .*APS-A.*800000000000000001.*APS-B/);
    expect(answer).toMatch(/No app server is called “citrx-b”. Did you mean \*citrix-b\*\?/);
    expect(answer).toContain('Nothing was rebooted');
    expect(JSON.stringify(h.slack.ephemerals(operator).at(-1)!.blocks)).not.toContain(ActionId.confirm);
    // By id, the ambiguous name becomes clear.
    expect(await h.command('appserver reboot 800000000000000002')).toContain('Reboot citrix-a?');
  });

  it('finds servers on every page of the list, however many there are', async () => {
    h = await startHarness({ huawei: { count: 130, pageSizeDefault: 10 } });
    expect(await h.command('appserver reboot app-125')).toContain('Reboot app-125?');
    expect(h.huawei!.count('GET', /app-servers\?/)).toBe(2);
  });

  it('cancel leaves the servers alone', async () => {
    h = await startHarness({ huawei: true });
    await h.command('appserver reboot app-01 app-02');
    await h.driver.click({ user: operator, channel, actionId: ActionId.cancel, container: 'ephemeral' });
    expect(await h.ephemeral(operator, /Cancelled/)).toContain('the 2 app servers were left as they are');
    expect(reboots()).toBe(0);
  });

  it('a double click on Confirm reboots once and posts one root message', async () => {
    h = await startHarness({ huawei: true });
    await h.command('appserver reboot app-02');
    const ts = h.slack.ephemerals(operator).at(-1)!.ts;
    const click = () =>
      h!.driver.click({
        user: operator,
        channel,
        actionId: ActionId.confirm,
        container: 'ephemeral',
        messageTs: ts,
      });
    await Promise.all([click(), click(), click()]);
    await h.slack.waitFor(
      () => h!.slack.messages(channel).find((m) => /reboot(ed|ing) app server/.test(textOf(m))),
      5000,
    );
    await h.ephemeral(operator, /already confirmed/);
    expect(reboots()).toBe(1);
    expect(h.slack.messages(channel).filter((m) => /reboot(ed|ing) app server/.test(textOf(m)))).toHaveLength(
      1,
    );
  });

  it('asks for approval instead of rebooting when a HARD reboot needs it; a SOFT one is offered as usual', async () => {
    h = await startHarness({
      huawei: true,
      env: { VPS_REQUIRE_APPROVAL: 'appserver-hard-reboot', VPS_APPROVERS: 'UAPPROVER1' },
    });
    expect(await h.command('appserver reboot app-02 --hard')).toContain('HARD reboot app-02?');
    await h.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
    expect(await h.ephemeral(operator, /request was posted in the channel/)).toMatch(/needs approval/);
    await h.slack.waitFor(
      () => h!.slack.messages(channel).find((m) => /Approval needed: HARD reboot app-02/.test(textOf(m))),
      5000,
    );
    // The requester's private note comes through the outbox: wait for it before the next command.
    expect(await h.ephemeral(operator, /Request posted in the channel/)).toContain('HARD reboot app-02');
    expect(await h.command('appserver reboot app-02')).toContain('Reboot app-02?');
    expect(reboots()).toBe(0);
  });
});
