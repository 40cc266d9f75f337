import type { ApprovalMessage, OperationApproval } from '../../domain/approval-notifications.js';
import { type ApprovalRequest, approvalProgress, describeRequest } from '../../domain/approvals.js';
import { ActionId } from '../ids.js';
import {
  actions,
  type Block,
  button,
  context,
  esc,
  fields,
  mention,
  type SlackMessage,
  section,
} from './elements.js';
import { fitList } from './fit-list.js';

/**
 * The approval request everyone in the channel sees: what will be done to which server, what is
 * lost, who asked and why, when it expires and how many approvals it still needs. While pending
 * it carries Approve (behind a confirm dialog), Reject and Cancel; once decided, the buttons give
 * way to a line saying what happened, so nothing can be clicked on a closed request.
 */
export function renderApprovalMessage(m: ApprovalMessage): SlackMessage {
  const d = describeRequest(m.request);
  const progress = approvalProgress(m.votes.length, m.requiredApprovals);
  const blocks: Block[] = [
    section(`${stateEmoji(m.state)} *Approval needed:* ${esc(d.title)}\n${esc(d.effect)}`),
    fields([
      ['Asked by', mention(m.requester)],
      ['Reason', m.reason ? esc(m.reason) : '_none given_'],
      ['Approvals', `${progress.text}${votersText(m.votes)}`],
      ['Expires', slackTime(m.expiresAt)],
      ...requestFields(m.request),
    ]),
  ];
  if (d.lost.length > 0) {
    blocks.push(section(`:warning: *What is lost*\n${d.lost.map((l) => `• ${esc(l)}`).join('\n')}`));
  }
  if (m.state === 'pending') {
    blocks.push(
      actions('approval_decision', [
        button({
          actionId: ActionId.approve,
          text: 'Approve',
          value: m.approvalId,
          style: 'danger',
          confirm: {
            title: 'Approve this request?',
            text: `${esc(d.title)}. ${d.lost.map(esc).join(' ')}`,
            confirm: 'Approve',
          },
        }),
        button({ actionId: ActionId.reject, text: 'Reject', value: m.approvalId }),
        button({ actionId: ActionId.cancelRequest, text: 'Cancel request', value: m.approvalId }),
      ]),
    );
    blocks.push(
      context(
        `Needs ${progress.text.replace(/^\d+ of /, '')} from VPS_APPROVERS, not from ${mention(m.requester)}. ` +
          `Only ${mention(m.requester)} can cancel it. Nothing happens until then.`,
      ),
    );
  } else {
    blocks.push(section(outcomeLine(m)));
  }
  const text = `${m.state === 'pending' ? 'Approval needed' : `Request ${m.state}`}: ${d.title}`;
  return { text: esc(text), blocks };
}

/** The context line an approved operation's message keeps: who asked, why, who approved. */
export function approvalContext(a: OperationApproval): string {
  const reason = a.reason ? ` Reason: “${esc(a.reason)}”.` : '';
  return `${esc(a.title)} · approved by ${a.approvers.map(mention).join(', ')} ${slackTime(a.approvedAt)}.${reason}`;
}

function outcomeLine(m: ApprovalMessage): string {
  const by = m.decidedBy ? mention(m.decidedBy) : 'someone';
  const when = m.decidedAt ? ` ${slackTime(m.decidedAt)}` : '';
  const note = m.note ? `: “${esc(m.note)}”` : '';
  switch (m.state) {
    case 'approved':
    case 'executing':
      return `:white_check_mark: Approved by ${m.votes.map((v) => mention(v.userId)).join(', ')}${when}. Starting…`;
    case 'executed':
      return `:white_check_mark: Approved by ${m.votes.map((v) => mention(v.userId)).join(', ')}${when}; started.`;
    case 'rejected':
      return `:no_entry: Rejected by ${by}${when}${note}. Nothing was done.`;
    case 'cancelled':
      return `:heavy_multiplication_x: Cancelled by ${by}${when}${note}. Nothing was done.`;
    case 'expired':
      return `:hourglass: Expired${when} without enough approvals. Nothing was done.`;
    case 'failed':
      return `:x: Approved, but not carried out${note ? `: ${esc(m.note ?? '')}` : '.'}`;
    case 'pending':
      return '';
  }
}

function stateEmoji(state: ApprovalMessage['state']): string {
  if (state === 'pending') return ':rotating_light:';
  if (state === 'executed' || state === 'approved' || state === 'executing') return ':white_check_mark:';
  return ':no_entry_sign:';
}

function votersText(votes: ApprovalMessage['votes']): string {
  return votes.length > 0 ? ` (${votes.map((v) => mention(v.userId)).join(', ')})` : '';
}

function requestFields(r: ApprovalRequest): [string, string][] {
  switch (r.kind) {
    case 'restore':
      return [
        [
          'Snapshot',
          `\`${esc(r.snapshot.name)}\`${r.snapshot.createdAt ? ` taken ${isoTime(r.snapshot.createdAt)}` : ''}`,
        ],
        ...(r.snapshot.expiresAt
          ? [['Snapshot expires', isoTime(r.snapshot.expiresAt)] as [string, string]]
          : []),
      ];
    case 'restore-from':
      return [
        ['Source', `*${esc(r.source.name)}* (\`${esc(r.source.vpsId)}\`)`],
        [
          'Backup',
          `\`${esc(r.backup.id)}\`${r.backup.createdAt ? ` from ${isoTime(r.backup.createdAt)}` : ''}` +
            `${r.backup.sizeGb != null ? `, ${r.backup.sizeGb} GB` : ''}`,
        ],
      ];
    case 'appserver-reboot':
      return [
        [
          r.servers.length === 1 ? 'App server' : `App servers (${r.servers.length})`,
          fitList(
            r.servers.map((s) => `*${esc(s.name)}*${sessionsText(s.sessionCount)}`),
            serversBudget,
          ),
        ],
      ];
    default:
      return [];
  }
}

/** Characters the server list may take: Slack allows 2000 per field, with its label. */
const serversBudget = 1500;

function sessionsText(count: number | null): string {
  if (count === null) return ' (sessions unknown)';
  return count > 0 ? ` (${count} session${count === 1 ? '' : 's'})` : '';
}

function isoTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? esc(iso) : slackTime(ms);
}

/** Slack shows `<!date…>` in each reader's own time zone; the fallback is UTC. */
export function slackTime(ms: number): string {
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

/** A private line for one person. */
export function renderApprovalNote(text: string): SlackMessage {
  return { text: esc(text), blocks: [section(esc(text))] };
}
