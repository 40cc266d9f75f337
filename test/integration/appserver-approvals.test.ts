import { afterEach, describe, expect, it } from 'vitest';
import { demoAppServers } from '../../src/simulator/huawei/index.js';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, startHarness, textOf } from '../support/bot-harness.js';
import {
  approvalIdOf,
  approver,
  approver2,
  approverEnv,
  clickOnRequest,
  hasButtons,
  requestMessage,
  requestNow,
} from './approvals-support.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const env = { VPS_REQUIRE_APPROVAL: 'appserver-hard-reboot', ...approverEnv };
const reboots = () => h!.huawei!.count('PATCH', /batch-reboot$/);
const rebootBodies = () =>
  h!
    .huawei!.requests.filter((r) => r.method === 'PATCH')
    .map((r) => r.body as { items: string[]; type: string });

/** `/vps appserver reboot <names> --hard` as `operator`, confirmed; resolves with the posted request. */
async function askForHardReboot(harness: Harness, names: string) {
  expect(await harness.command(`appserver reboot ${names} --hard`)).toContain('HARD reboot');
  await harness.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
  expect(await harness.ephemeral(operator, /request was posted in the channel/)).toMatch(/needs approval/);
  const message = await requestMessage(harness);
  return { ts: message.ts, approvalId: approvalIdOf(message), message };
}

describe('two-person approval of a HARD reboot of app servers', () => {
  it('posts the request, refuses the requester, then reboots once on approval and follows it in the request’s thread', async () => {
    h = await startHarness({ huawei: true, env });
    const request = await askForHardReboot(h, 'app-01 app-02');
    const shown = textOf(request.message);
    expect(shown).toContain('Approval needed: HARD reboot 2 app servers');
    expect(shown).toMatch(/Forces a reboot of 2 app servers at once \(app-01, app-02\)/);
    expect(shown).toMatch(/3 people are logged in on 1 of them: their sessions are cut off/);
    expect(shown).toMatch(/\*app-01\* \(3 sessions\)/);
    expect(reboots()).toBe(0);

    await clickOnRequest(h, operator, ActionId.approve, request);
    expect(await h.ephemeral(operator, /someone else has to approve/)).toBeTruthy();
    expect(reboots()).toBe(0);
    expect(hasButtons(h, request.ts)).toBe(true);

    await clickOnRequest(h, approver, ActionId.approve, request);
    expect(await h.ephemeral(approver, /Approved: HARD reboot 2 app servers has started/)).toMatch(
      /Huawei accepted 2 of 2/,
    );
    const root = await requestNow(h, request.ts, /reboot(ed|ing) 2 app servers \(HARD\)/);
    expect(root).toContain(`<@${operator}>`);
    expect(root).toContain(`approved by <@${approver}>`);
    expect(hasButtons(h, request.ts)).toBe(false);

    const summary = await h.slack.waitFor(
      () => h!.slack.thread(channel, request.ts).find((m) => /reboot of .* ended after/.test(textOf(m))),
      15_000,
    );
    expect(textOf(summary)).toMatch(/the HARD reboot of 2 app servers ended after .*: 2 back, 0 failed/);
    const ids = ['app-01', 'app-02'].map((n) => h!.huawei!.findServerByName(n)!.id);
    expect(rebootBodies()).toEqual([{ items: expect.arrayContaining(ids), type: 'HARD' }]);

    const approval = await h.bot.store.getApproval(request.approvalId);
    expect(approval?.status).toBe('executed');
    // Newest first: how the reboot ended, then the approved run that started it.
    const [ended, executed] = await h.bot.store.listAudit({ limit: 2 });
    expect(ended).toMatchObject({ action: 'appserver reboot --hard', outcome: 'completed', actor: 'system' });
    expect(executed).toMatchObject({
      action: 'appserver reboot --hard',
      outcome: 'executed',
      actor: approver,
    });
    const operation = await h.bot.store.getOperation(
      (executed!.detail as { operationId: string }).operationId,
    );
    expect(operation?.rootTs).toBe(request.ts);
    expect(operation?.provider).toBe('huawei');

    // A late second approver changes nothing: it was carried out once.
    await clickOnRequest(h, approver2, ActionId.approve, request);
    expect(await h.ephemeral(approver2, /already approved and carried out/)).toBeTruthy();
    expect(reboots()).toBe(1);
  });

  it('reboots nothing when a server of the request no longer exists at approval, and says which', async () => {
    h = await startHarness({ huawei: true, env });
    const request = await askForHardReboot(h, 'app-01 app-02');
    h.huawei!.seed(demoAppServers().filter((s) => s.name !== 'app-02'));
    await clickOnRequest(h, approver, ActionId.approve, request);
    expect(await h.ephemeral(approver, /no longer exists/)).toMatch(/\*app-02\* no longer exists in Huawei/);
    expect(await requestNow(h, request.ts, /not carried out/)).toContain('nothing was rebooted');
    expect((await h.bot.store.getApproval(request.approvalId))?.status).toBe('failed');
    expect(reboots()).toBe(0);
  });

  it('a SOFT reboot under the same setting needs no approval and reboots at once', async () => {
    h = await startHarness({ huawei: true, env });
    await h.command('appserver reboot app-02');
    await h.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
    expect(await h.ephemeral(operator, /Huawei accepted the reboot of app-02/)).toBeTruthy();
    expect(h.slack.messages(channel).some((m) => /Approval needed/.test(textOf(m)))).toBe(false);
    expect(await h.bot.store.listPendingApprovals()).toEqual([]);
    expect(rebootBodies()).toEqual([{ items: [h.huawei!.findServerByName('app-02')!.id], type: 'SOFT' }]);
  });
});
