import { afterEach, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, outsider, startHarness, textOf } from '../support/bot-harness.js';
import { ShiftedClock } from '../support/shifted-clock.js';
import {
  approvalIdOf,
  approver,
  approverEnv,
  clickOnRequest,
  hasButtons,
  requestMessage,
  requestNow,
  restoreRoute,
} from './approvals-support.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** `/vps restore web-01 before-upgrade` as `operator`; resolves with the posted request. */
async function askForRestore(harness: Harness) {
  const note = await harness.command('restore web-01 before-upgrade');
  expect(note).toMatch(/Request posted in the channel: Restore web-01 to snapshot before-upgrade/);
  const message = await requestMessage(harness);
  return { ts: message.ts, approvalId: approvalIdOf(message), message };
}

describe('two-person approval of a snapshot restore', () => {
  it('posts the request for all, refuses the requester and outsiders, then restores once on approval', async () => {
    h = await startHarness({ env: approverEnv });
    const request = await askForRestore(h);
    const shown = textOf(request.message);
    expect(shown).toContain('Restore web-01 to snapshot before-upgrade');
    expect(shown).toMatch(/current disk of web-01 is replaced/);
    expect(shown).toContain(`<@${operator}>`);
    expect(shown).toMatch(/0 of 1 approval/);
    expect(JSON.stringify(request.message.blocks)).toContain('"confirm"');
    expect(h.sim.count('POST', restoreRoute)).toBe(0);

    // The requester is an approver too, and still may not approve their own request.
    await clickOnRequest(h, operator, ActionId.approve, request);
    expect(await h.ephemeral(operator, /someone else has to approve/)).toBeTruthy();
    await clickOnRequest(h, outsider, ActionId.approve, request);
    const notApprover = await h.ephemeral(outsider, /may approve this/);
    expect(notApprover).toMatch(/Only <@UOPERATOR1>, <@UAPPROVER1>.* may approve this on \*web-01\*/);
    expect(notApprover).not.toMatch(/VPS_/);
    expect(h.sim.count('POST', restoreRoute)).toBe(0);
    expect(hasButtons(h, request.ts)).toBe(true);

    await clickOnRequest(h, approver, ActionId.approve, request);
    expect(await h.ephemeral(approver, /has started \(job/)).toContain('Restore web-01');
    const updated = await requestNow(h, request.ts, /restor(ing|ed) \*web-01\* · job `job_/);
    expect(updated).toContain(`approved by <@${approver}>`);
    expect(hasButtons(h, request.ts)).toBe(false);
    expect(h.sim.count('POST', restoreRoute)).toBe(1);

    const approval = await h.bot.store.getApproval(request.approvalId);
    expect(approval?.status).toBe('executed');
    const operation = await h.bot.store.getOperation(approval!.operationId!);
    expect(operation?.rootTs).toBe(request.ts);
    expect(operation?.action).toBe('restore');
    expect(h.sim.getJob(operation!.jobId!)).toBeDefined();

    const audit = await h.command('audit web-01');
    expect(audit).toMatch(/restore · \*web-01\* · requested — Restore web-01 to snapshot before-upgrade/);
    expect(audit).toMatch(new RegExp(`<@${approver}> · restore · \\*web-01\\* · approved`));
    expect(audit).toMatch(/executed — Restore web-01 to snapshot before-upgrade · job job_/);
    expect(audit).toMatch(new RegExp(`<@${operator}> · restore · \\*web-01\\* · refused`));
  });

  it('a rejection with a reason closes the request, and a later Approve is refused', async () => {
    h = await startHarness({ env: approverEnv });
    const request = await askForRestore(h);
    await clickOnRequest(h, outsider, ActionId.reject, request);
    expect(await h.ephemeral(outsider, /may approve this/)).toBeTruthy();
    expect(h.slack.views()).toHaveLength(0);

    await clickOnRequest(h, approver, ActionId.reject, request);
    const modal = await h.slack.waitFor(() =>
      h!.slack.views().find((v) => v.view.callback_id === CallbackId.reject),
    );
    await h.driver.submitView({
      user: approver,
      view: modal.id,
      values: { reject_note: { note: 'not during office hours' } },
    });
    const closed = await requestNow(h, request.ts, /Rejected by/);
    expect(closed).toContain(`Rejected by <@${approver}>`);
    expect(closed).toContain('not during office hours');
    expect(hasButtons(h, request.ts)).toBe(false);

    await clickOnRequest(h, 'UAPPROVER2', ActionId.approve, request);
    expect(await h.ephemeral('UAPPROVER2', /was rejected: nothing was done/)).toBeTruthy();
    expect(h.sim.count('POST', restoreRoute)).toBe(0);
  });

  it('only the requester can cancel; others are told privately, and the cancel closes the request', async () => {
    h = await startHarness({ env: approverEnv });
    const request = await askForRestore(h);
    await clickOnRequest(h, approver, ActionId.cancelRequest, request);
    expect(await h.ephemeral(approver, /Only the person who asked can cancel/)).toBeTruthy();
    expect(hasButtons(h, request.ts)).toBe(true);

    await clickOnRequest(h, operator, ActionId.cancelRequest, request);
    expect(await requestNow(h, request.ts, /Cancelled by/)).toContain(`Cancelled by <@${operator}>`);
    await clickOnRequest(h, approver, ActionId.approve, request);
    expect(await h.ephemeral(approver, /was cancelled/)).toBeTruthy();
    expect(h.sim.count('POST', restoreRoute)).toBe(0);
    expect((await h.bot.store.getApproval(request.approvalId))?.status).toBe('cancelled');
  });

  it('expires after APPROVAL_TTL_MINUTES: the sweeper edits the message and a late click is refused', async () => {
    const clock = new ShiftedClock();
    h = await startHarness({ env: { ...approverEnv, APPROVAL_TTL_MINUTES: '30' }, clock });
    const request = await askForRestore(h);
    expect(textOf(request.message)).toMatch(/Expires/);
    clock.advance(31 * 60_000);
    const expired = await requestNow(h, request.ts, /Expired/);
    expect(expired).toMatch(/without enough approvals\. Nothing was done/);
    expect(hasButtons(h, request.ts)).toBe(false);
    await clickOnRequest(h, approver, ActionId.approve, request);
    expect(await h.ephemeral(approver, /expired: nothing was done/)).toBeTruthy();
    expect(h.sim.count('POST', restoreRoute)).toBe(0);
    const trail = await h.bot.store.listAudit({ target: 'vps_web01' });
    expect(trail.filter((e) => e.outcome === 'expired')).toHaveLength(1);
    expect(trail.find((e) => e.outcome === 'expired')?.actor).toBe('system');
  });

  it('refuses with a clear reason, and calls nothing, when the snapshot was deleted before approval', async () => {
    h = await startHarness({ env: approverEnv });
    const request = await askForRestore(h);
    h.sim.deleteSnapshot('vps_web01', 'before-upgrade');
    await clickOnRequest(h, approver, ActionId.approve, request);
    expect(await h.ephemeral(approver, /no longer exists/)).toMatch(
      /snapshot `before-upgrade` no longer exists on \*web-01\*/,
    );
    const failed = await requestNow(h, request.ts, /not carried out/);
    expect(failed).toMatch(/no longer exists/);
    expect(hasButtons(h, request.ts)).toBe(false);
    expect(h.sim.count('POST', restoreRoute)).toBe(0);
    expect((await h.bot.store.getApproval(request.approvalId))?.status).toBe('failed');
  });

  it('a request survives a restart of the bot and is approved once afterwards', async () => {
    h = await startHarness({ env: approverEnv });
    const request = await askForRestore(h);
    await h.restartBot();
    await clickOnRequest(h, approver, ActionId.approve, request);
    await requestNow(h, request.ts, /restor(ing|ed) \*web-01\* · job `job_/);
    // The same click replayed (Slack does not de-duplicate) changes nothing.
    await clickOnRequest(h, approver, ActionId.approve, request);
    expect(await h.ephemeral(approver, /already approved and carried out/)).toBeTruthy();
    expect(h.sim.count('POST', restoreRoute)).toBe(1);
  });

  it('says why, and posts nothing, when the typed snapshot is not one the API lists', async () => {
    h = await startHarness({ env: approverEnv });
    const answer = await h.command('restore web-01 no-such-snapshot');
    expect(answer).toMatch(
      /\*web-01\* has no snapshot called “no-such-snapshot”\. Its snapshots: `before-upgrade`, `nightly-/,
    );
    expect(h.slack.messages(channel)).toHaveLength(0);
    expect(await h.bot.store.listPendingApprovals()).toHaveLength(0);
  });

  it('refuses to ask when no approvers are configured, since nobody could approve', async () => {
    h = await startHarness();
    const answer = await h.command('restore web-01 before-upgrade');
    expect(answer).toMatch(/no approvers are set up for it, so nobody could approve it/);
    expect(answer).not.toMatch(/VPS_/);
    expect(h.slack.messages(channel)).toHaveLength(0);
  });
});
