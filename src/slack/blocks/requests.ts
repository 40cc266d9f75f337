import type { HomeRequest } from '../home/home-data.js';
import { slashCommand } from '../ids.js';
import { approvalsText, describeRequest } from './action-words.js';
import { type Block, context, esc, mention, plainMessage, type SlackMessage, section } from './elements.js';
import { threadLink } from './refusals.js';
import { zonedTime, zoneNote } from './time-words.js';

/** Requests per answer: a line each, in sections of ten, inside Slack's 50 blocks. */
const maxShown = 40;
const perSection = 10;

/**
 * `/vps requests`: every open request for approval, oldest first, with who asked, how many
 * approvals it has, when it expires (in the reader's zone) and a link to its message; the ones
 * the reader may approve are marked.
 */
export function renderRequests(args: {
  requests: readonly HomeRequest[];
  /** Ids of the requests the reader may approve. */
  forYou: ReadonlySet<string>;
  zone: string;
  now: number;
}): SlackMessage {
  const { requests, forYou, zone, now } = args;
  if (requests.length === 0) return plainMessage('No request is waiting for approval.');
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
  for (let i = 0; i < lines.length; i += perSection) {
    const chunk = lines.slice(i, i + perSection).join('\n');
    blocks.push(section(i === 0 ? `*Waiting for approval* (${requests.length})\n${chunk}` : chunk));
  }
  if (requests.length > maxShown) blocks.push(context(`…and ${requests.length - maxShown} more.`));
  const notes = [zoneNote(zone, now)];
  if (forYou.size > 0) notes.push(':point_right: marks the ones you may approve.');
  notes.push(`Your App Home lists them too; \`${slashCommand} audit\` shows what was decided.`);
  blocks.push(context(notes.join(' ')));
  return { text: `${requests.length} requests waiting for approval`, blocks };
}
