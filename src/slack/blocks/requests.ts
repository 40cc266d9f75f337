import type { AfterReview } from '../../store/store.js';
import type { HomeRequest } from '../home/home-data.js';
import { slashCommand } from '../ids.js';
import { actionNoun, approvalsText, describeRequest } from './action-words.js';
import { type Block, context, esc, mention, plainMessage, type SlackMessage, section } from './elements.js';
import { threadLink } from './refusals.js';
import { zonedTime, zoneNote } from './time-words.js';

/** Requests per answer: a line each, in sections of ten, inside Slack's 50 blocks. */
const maxShown = 40;
const perSection = 10;

/**
 * `/vps requests`: every open request for approval, oldest first, with who asked, how many
 * approvals it has, when it expires (in the reader's zone) and a link to its message, then the
 * break-glass uses still waiting for an approver's after-review; the ones the reader may approve
 * or review are marked.
 */
export function renderRequests(args: {
  requests: readonly HomeRequest[];
  reviews: readonly AfterReview[];
  /** Ids of the requests and reviews the reader may approve or review. */
  forYou: ReadonlySet<string>;
  zone: string;
  now: number;
}): SlackMessage {
  const { requests, reviews, forYou, zone, now } = args;
  if (requests.length === 0 && reviews.length === 0) {
    return plainMessage('No request is waiting for approval, and no break-glass use for a review.');
  }
  const lines = requests.slice(0, maxShown).map(({ approval, request }) => {
    const link = approval.messageTs
      ? ` · <${threadLink(approval.channel, approval.messageTs)}|open it>`
      : ' · not posted yet';
    const mark = forYou.has(approval.id) ? ':point_right: ' : '';
    return (
      `${mark}*${esc(describeRequest(request).title)}* · asked by ${mention(approval.requester)} · ` +
      `${approvalsText(approval.approvals.length, approval.requiredApprovals)} · expires ${zonedTime(approval.expiresAt, zone)}${link}`
    );
  });
  const blocks: Block[] = [];
  if (requests.length === 0) blocks.push(section('*Waiting for approval* (0)'));
  for (let i = 0; i < lines.length; i += perSection) {
    const chunk = lines.slice(i, i + perSection).join('\n');
    blocks.push(section(i === 0 ? `*Waiting for approval* (${requests.length})\n${chunk}` : chunk));
  }
  if (requests.length > maxShown) blocks.push(context(`…and ${requests.length - maxShown} more.`));
  if (reviews.length > 0) {
    const rows = reviews.slice(0, 10).map((r) => {
      const link = r.messageTs ? ` · <${threadLink(r.channel, r.messageTs)}|open it>` : '';
      const mark = forYou.has(r.id) ? ':point_right: ' : '';
      return `${mark}The break-glass ${esc(actionNoun(r.action))} of *${esc(r.targetName)}* by ${mention(r.actor)}: “${esc(r.reason)}” · ${zonedTime(r.createdAt, zone)}${link}`;
    });
    const more = reviews.length > rows.length ? `\n…and ${reviews.length - rows.length} more.` : '';
    blocks.push(section(`*Waiting for an after-review* (${reviews.length})\n${rows.join('\n')}${more}`));
  }
  const notes = [zoneNote(zone, now)];
  if (forYou.size > 0) notes.push(':point_right: marks the ones you may approve or review.');
  notes.push(`Your App Home lists them too; \`${slashCommand} audit\` shows what was decided.`);
  blocks.push(context(notes.join(' ')));
  return {
    text: `${requests.length} requests waiting for approval, ${reviews.length} break-glass uses for a review`,
    blocks,
  };
}
