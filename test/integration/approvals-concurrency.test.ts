import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import {
  channel,
  type Harness,
  operator,
  secondOperator,
  startHarness,
  textOf,
} from '../support/bot-harness.js';
import {
  approvalIdOf,
  approver,
  approver2,
  approverEnv,
  clickOnRequest,
  requestMessage,
  requestNow,
  restoreRoute,
} from './approvals-support.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function storm(harness: Harness, voters: readonly string[]) {
  await harness.command('restore web-01 before-upgrade');
  const message = await requestMessage(harness);
  const request = { ts: message.ts, approvalId: approvalIdOf(message) };
  const clicks = Array.from({ length: 20 }, (_, i) =>
    clickOnRequest(harness, voters[i % voters.length]!, ActionId.approve, request),
  );
  const answers = await Promise.all(clicks);
  expect(answers.every((a) => a.status === 200)).toBe(true);
  await requestNow(harness, request.ts, /restored \*web-01\* · job/);
  return request;
}

describe('approvals under concurrent clicks', () => {
  it('20 Approve clicks at once from several approvers restore exactly once', async () => {
    h = await startHarness({ env: approverEnv });
    const request = await storm(h, [approver, approver2, secondOperator]);
    const approval = await h.bot.store.getApproval(request.approvalId);
    expect(approval?.status).toBe('executed');
    expect(approval?.approvals).toHaveLength(1);
    expect(h.sim.count('POST', restoreRoute)).toBe(1);
    expect(
      (await h.bot.store.listAudit({ target: 'vps_web01' })).filter((e) => e.outcome === 'executed'),
    ).toHaveLength(1);
  });

  it('with VPS_APPROVALS_REQUIRED=2, two distinct approvers are needed, and 20 clicks still restore once', async () => {
    h = await startHarness({ env: { ...approverEnv, VPS_APPROVALS_REQUIRED: '2' } });
    await h.command('restore web-01 before-upgrade');
    const message = await requestMessage(h);
    const request = { ts: message.ts, approvalId: approvalIdOf(message) };
    expect(textOf(message)).toMatch(/0 of 2 approvals/);

    await clickOnRequest(h, approver, ActionId.approve, request);
    expect(await h.ephemeral(approver, /recorded \(1 of 2 approvals\)/)).toBeTruthy();
    expect(await requestNow(h, request.ts, /1 of 2 approvals/)).toContain(`<@${approver}>`);
    await clickOnRequest(h, approver, ActionId.approve, request);
    expect(await h.ephemeral(approver, /You already approved this/)).toBeTruthy();
    expect(h.sim.count('POST', restoreRoute)).toBe(0);

    const clicks = Array.from({ length: 20 }, (_, i) =>
      clickOnRequest(h!, [approver, approver2, secondOperator, operator][i % 4]!, ActionId.approve, request),
    );
    await Promise.all(clicks);
    await requestNow(h, request.ts, /restored \*web-01\* · job/);
    const approval = await h.bot.store.getApproval(request.approvalId);
    expect(approval?.approvals.map((v) => v.userId)).toContain(approver);
    expect(approval?.approvals).toHaveLength(2);
    expect(approval?.approvals.map((v) => v.userId)).not.toContain(operator);
    expect(h.sim.count('POST', restoreRoute)).toBe(1);
  });
});

describe('VPS_REQUIRE_APPROVAL', () => {
  it('turns the Confirm of a configured action into an approval request, run once an approver approves', async () => {
    h = await startHarness({ env: { ...approverEnv, VPS_REQUIRE_APPROVAL: 'reset' } });
    const offer = await h.command('reset db-01');
    expect(offer).toMatch(/This needs approval/);
    expect(offer).toContain('Ask for approval');
    await h.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
    expect(await h.ephemeral(operator, /needs approval, so a request was posted/)).toBeTruthy();
    const message = await requestMessage(h, /Approval needed:\* Reset db-01/);
    expect(textOf(message)).toMatch(/Hard reboot/);
    expect(h.sim.count('POST', /actions\/reset$/)).toBe(0);

    await clickOnRequest(h, approver, ActionId.approve, {
      ts: message.ts,
      approvalId: approvalIdOf(message),
    });
    await requestNow(h, message.ts, /reset \*db-01\* · job/);
    expect(h.sim.count('POST', /actions\/reset$/)).toBe(1);
  });

  it('leaves unlisted actions as they are: a restart still runs on its own Confirm', async () => {
    h = await startHarness({ env: { ...approverEnv, VPS_REQUIRE_APPROVAL: 'reset,stop,hostname' } });
    expect(await h.command('restart web-01')).not.toMatch(/needs approval/);
    await h.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
    await h.slack.waitFor(() => h!.sim.count('POST', /actions\/restart$/) === 1 || undefined);
  });

  it.each([[''], ['reset,stop,hostname,appserver-hard-reboot']])(
    'can never let a restore skip approval (VPS_REQUIRE_APPROVAL=%j)',
    async (setting) => {
      h = await startHarness({ env: { ...approverEnv, VPS_REQUIRE_APPROVAL: setting } });
      await h.command('restore web-01 before-upgrade');
      await requestMessage(h);
      expect(h.sim.count('POST', restoreRoute)).toBe(0);
    },
  );
});
