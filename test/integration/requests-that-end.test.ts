import { afterEach, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, startHarness, textOf } from '../support/bot-harness.js';
import { ShiftedClock } from '../support/shifted-clock.js';
import {
  approvalIdOf,
  approver,
  approver2,
  approverEnv,
  clickOnRequest,
  requestMessage,
  requestNow,
} from './approvals-support.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function askForRestore(harness: Harness) {
  await harness.command('restore web-01 before-upgrade');
  const message = await requestMessage(harness);
  return { ts: message.ts, approvalId: approvalIdOf(message), message };
}

/** What a closed request must no longer say. */
function expectClosed(text: string): void {
  expect(text).not.toContain('Approval needed');
  expect(text).not.toMatch(/\d+ of \d+ approvals?/);
  expect(text).not.toMatch(/Expires/);
}

describe('a request tells the people it needs, once', () => {
  it('mentions the approvers, users and groups, in its first post and not in later edits', async () => {
    h = await startHarness({
      env: { VPS_APPROVERS: `${operator},${approver},SAPPROVERS`, VPS_APPROVALS_REQUIRED: '2' },
      slack: { usergroups: { SOPSGROUP: ['UGROUPMEMBER'], SAPPROVERS: [approver2] } },
    });
    const request = await askForRestore(h);
    const first = h.slack.message(channel, request.ts)!;
    const posted = textOf(first.edits[0] ?? first);
    expect(posted).toContain(`<@${approver}>`);
    expect(posted).toContain('<!subteam^SAPPROVERS>');
    expect(first.text).toContain(`<@${approver}>`); // the notification text, too
    // The requester is an approver too, but is not asked to approve their own request.
    expect(posted).not.toMatch(new RegExp(`from [^.]*<@${operator}>,`));

    await clickOnRequest(h, approver, ActionId.approve, request);
    const edited = await requestNow(h, request.ts, /1 of 2 approvals/);
    expect(edited).not.toContain('<!subteam^SAPPROVERS>');
    expect(edited).toContain('from an approver');
  });
});

describe('a request that ends says so, and tells its requester', () => {
  it('after a rejection: no “Approval needed”, count or expiry, and the requester is told', async () => {
    h = await startHarness({ env: approverEnv });
    const request = await askForRestore(h);
    await clickOnRequest(h, approver, ActionId.reject, request);
    const modal = await h.slack.waitFor(() =>
      h!.slack.views().find((v) => v.view.callback_id === CallbackId.reject),
    );
    await h.driver.submitView({
      user: approver,
      view: modal.id,
      values: { reject_note: { note: 'not now' } },
    });
    expectClosed(await requestNow(h, request.ts, /Rejected by/));
    expect(await h.ephemeral(operator, /rejected your request/)).toMatch(
      new RegExp(
        `<@${approver}> rejected your request: Restore web-01 to snapshot before-upgrade — “not now”`,
      ),
    );
  });

  it('after a cancel: no “Approval needed”, count or expiry', async () => {
    h = await startHarness({ env: approverEnv });
    const request = await askForRestore(h);
    await clickOnRequest(h, operator, ActionId.cancelRequest, request);
    expectClosed(await requestNow(h, request.ts, /Cancelled by/));
  });

  it('after it expires: no “Approval needed”, count or expiry, and the requester is told', async () => {
    const clock = new ShiftedClock();
    h = await startHarness({ env: approverEnv, clock });
    const request = await askForRestore(h);
    clock.advance(31 * 60_000);
    expectClosed(await requestNow(h, request.ts, /Expired/));
    expect(await h.ephemeral(operator, /Your request expired/)).toContain(
      'Restore web-01 to snapshot before-upgrade',
    );
  });

  it('once approved, the requester is told who approved it', async () => {
    h = await startHarness({ env: approverEnv });
    const request = await askForRestore(h);
    await clickOnRequest(h, approver, ActionId.approve, request);
    expect(await h.ephemeral(operator, /approved your request/)).toContain(
      `<@${approver}> approved your request: Restore web-01 to snapshot before-upgrade`,
    );
    expectClosed(await requestNow(h, request.ts, /approved by/));
  });
});
