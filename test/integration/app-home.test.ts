import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, startHarness, textOf } from '../support/bot-harness.js';
import { approver, approver2, approverEnv, requestMessage } from './approvals-support.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The person's App Home once its text matches `pattern`. */
function homeNow(harness: Harness, user: string, pattern: RegExp) {
  return harness.slack.waitFor(() => {
    const home = harness.slack.home(user);
    const text = home ? textOf({ blocks: home.view.blocks as unknown[] }) : '';
    return home && pattern.test(text) ? { home, text } : undefined;
  }, 8000);
}

const publishesFor = (harness: Harness, user: string) =>
  harness.slack.callsTo('views.publish').filter((c) => c.args.user_id === user && c.ok).length;

describe('the App Home', () => {
  it('is published when a person opens it, in their time zone', async () => {
    h = await startHarness({ slack: { users: { [approver]: { name: 'bo', tz: 'Asia/Tokyo' } } } });
    const answer = await h.driver.openHome(approver);
    expect(answer.status).toBe(200);
    const { text } = await homeNow(h, approver, /Waiting for you\* \(0\)/);
    expect(text).toContain('No request needs your approval.');
    expect(text).toContain('Asia/Tokyo');
    expect(h.slack.home(operator)).toBeUndefined();
  });

  it('shows a new request to its approvers with Approve and Reject, and to its requester', async () => {
    h = await startHarness({ env: approverEnv });
    await h.driver.openHome(approver);
    await h.driver.openHome(operator);
    await homeNow(h, approver, /Waiting for you\* \(0\)/);

    await h.command('restore web-01 before-upgrade');
    const { home, text } = await homeNow(h, approver, /Waiting for you\* \(1\)/);
    expect(text).toContain('Restore web-01 to snapshot before-upgrade');
    expect(text).toMatch(/0 of 1 approval · expires \d{4}-\d\d-\d\d/);
    const buttons = JSON.stringify(home.view.blocks);
    expect(buttons).toContain(ActionId.approve);
    expect(buttons).toContain(ActionId.reject);
    const own = await homeNow(h, operator, /Your open requests\* \(1\)/);
    expect(JSON.stringify(own.home.view.blocks)).toContain(ActionId.cancelRequest);
    expect(own.text).toMatch(/Waiting for you\* \(0\)/); // never their own request
  });

  it('approving from the home runs the request, answers in a direct message and refreshes both homes', async () => {
    // Long enough to be seen running after a refresh window or two.
    h = await startHarness({
      env: approverEnv,
      sim: { job: { queuedMs: 300, runningMs: 6000, progressSteps: 2 } },
    });
    await h.driver.openHome(approver);
    await h.driver.openHome(operator);
    await h.command('restore web-01 before-upgrade');
    const { home } = await homeNow(h, approver, /Waiting for you\* \(1\)/);

    const click = await h.driver.click({
      user: approver,
      channel: '',
      actionId: ActionId.approve,
      container: 'view',
      viewId: home.id,
    });
    expect(click.status).toBe(200);
    await h.slack.waitFor(() =>
      h!.slack.messages(h!.slack.dmChannel(approver)).find((m) => /Approved: Restore web-01/.test(textOf(m))),
    );
    expect(h.sim.count('POST', /snapshots\/[^/]+\/actions\/restore$/)).toBe(1);
    await homeNow(h, approver, /Waiting for you\* \(0\)/);
    const running = await homeNow(h, operator, /Running now\* \(1\)/);
    expect(running.text).toMatch(/\*web-01\* restoring/);
    const ended = await homeNow(h, operator, /Ended lately/);
    expect(ended.text).toMatch(/\*web-01\* restore · :white_check_mark: completed in \d+ s/);
    expect(ended.text).toMatch(/Running now\* \(0\)/);
    expect(ended.text).toMatch(/restore · \*web-01\* · requested/);
  });

  it('refreshes nobody who never opened it, and coalesces a burst into few publishes', async () => {
    h = await startHarness({ env: { ...approverEnv, VPS_APPROVALS_REQUIRED: '2' } });
    await h.driver.openHome(approver2);
    await homeNow(h, approver2, /Waiting for you/);
    const before = publishesFor(h, approver2);
    await h.command('restore web-01 before-upgrade');
    const request = await requestMessage(h);
    const approvalId = /"value":"([0-9a-f-]{36})"/.exec(JSON.stringify(request.blocks))![1]!;
    for (const user of [approver, 'UOPERATOR2']) {
      await h.driver.click({
        user,
        channel,
        actionId: ActionId.approve,
        messageTs: request.ts,
        value: approvalId,
      });
    }
    await h.slack.waitFor(
      async () => (await h!.bot.store.getApproval(approvalId))?.status === 'executed' || undefined,
    );
    await h.slack.waitFor(() => publishesFor(h!, approver2) > before || undefined);
    await homeNow(h, approver2, /Waiting for you\* \(0\)/);
    // Three changes (posted, two votes) within a couple of seconds: at most one publish each, fewer when they fall in one window.
    expect(publishesFor(h, approver2) - before).toBeLessThanOrEqual(3);
    expect(publishesFor(h, approver2) - before).toBeGreaterThanOrEqual(1);
    expect(publishesFor(h, approver)).toBe(0);
    expect(h.slack.home(approver)).toBeUndefined();
  });

  it('is published when opened over Socket Mode too', async () => {
    h = await startHarness({ mode: 'socket' });
    await h.slack.socket.waitForConnections(1);
    const ack = await h.driver.viaSocket.openHome(approver);
    expect(ack.envelopeId).toBeTruthy();
    await homeNow(h, approver, /Waiting for you\* \(0\)/);
  });
});
