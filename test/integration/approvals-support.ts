import type { StoredMessage } from '../../src/simulator/slack/types.js';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, secondOperator, textOf } from '../support/bot-harness.js';

/** Approvers in these tests; `operator` is one too, to show a requester can't approve their own. */
export const approver = 'UAPPROVER1';
export const approver2 = 'UAPPROVER2';
export const approverEnv = { VPS_APPROVERS: `${operator},${approver},${approver2},${secondOperator}` };

export const restoreRoute = /snapshots\/[^/]+\/actions\/restore$/;
export const restoreFromRoute = /backups\/actions\/restore-from-vps$/;

/** The approval request message in the channel, once it matches `pattern`. */
export function requestMessage(h: Harness, pattern: RegExp = /Approval needed/): Promise<StoredMessage> {
  return h.slack.waitFor(() => h.slack.messages(channel).find((m) => pattern.test(textOf(m))), 5000);
}

/** The request message's current text, once it matches `pattern` (it is edited in place). */
export function requestNow(h: Harness, ts: string, pattern: RegExp): Promise<string> {
  return h.slack.waitFor(() => {
    const m = h.slack.message(channel, ts);
    return m && pattern.test(textOf(m)) ? textOf(m) : undefined;
  }, 5000);
}

export function hasButtons(h: Harness, ts: string): boolean {
  return JSON.stringify(h.slack.message(channel, ts)?.blocks ?? []).includes(ActionId.approve);
}

/** Clicks a button of the request message; `value` is needed once the buttons are gone. */
export function clickOnRequest(
  h: Harness,
  user: string,
  actionId: string,
  request: { ts: string; approvalId: string },
) {
  return h.driver.click({
    user,
    channel,
    actionId,
    messageTs: request.ts,
    value: request.approvalId,
    container: 'message',
  });
}

/** The approval id carried by the message's buttons. */
export function approvalIdOf(message: StoredMessage): string {
  const id = /"value":"([0-9a-f-]{36})"/.exec(JSON.stringify(message.blocks))?.[1];
  if (!id) throw new Error('the request message carries no approval id');
  return id;
}
