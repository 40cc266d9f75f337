import type { ReviewMessage } from '../../domain/review-notifications.js';
import { ActionId } from '../ids.js';
import { describeRequest } from './action-words.js';
import {
  actions,
  type Block,
  button,
  context,
  esc,
  mention,
  type SlackMessage,
  section,
} from './elements.js';
import { peopleText } from './policy-words.js';
import { slackTime } from './time-words.js';

/**
 * A break-glass use, loud in the channel: who, what, why, what it skipped, and the approvers who
 * must review it; once reviewed, who did and when, and no button.
 */
export function renderReviewMessage(m: ReviewMessage): SlackMessage {
  const what = m.request ? esc(describeRequest(m.request).title) : `an action on *${esc(m.targetName)}*`;
  const skipped =
    m.skipped.length > 0
      ? ` It skipped ${m.skipped.map((s) => (s === 'freeze' ? 'a freeze' : 'the approval')).join(' and ')}.`
      : '';
  const head = `:rotating_light: *Break-glass:* ${mention(m.actor)} — ${what}.${skipped}\nReason: “${esc(m.reason)}”`;
  const blocks: Block[] = [section(head)];
  if (m.reviewedBy) {
    blocks.push(
      context(
        `:white_check_mark: Reviewed by ${mention(m.reviewedBy)} ${m.reviewedAt ? slackTime(m.reviewedAt) : ''}.`,
      ),
    );
  } else {
    blocks.push(
      section(`${peopleText(m.approvers)}: an approver must review this use.`),
      actions('review_decision', [
        button({
          actionId: ActionId.acknowledgeReview,
          text: 'Mark reviewed',
          value: m.reviewId,
          style: 'primary',
        }),
      ]),
    );
  }
  return {
    text: `Break-glass by ${m.actor}: ${m.request ? describeRequest(m.request).title : m.targetName}`,
    blocks,
  };
}
