import type { ActionRequest } from '../../domain/action-request.js';
import type {
  ApprovalMessage,
  ApproverIds,
  OperationApproval,
  PrivateNote,
} from '../../domain/approval-notifications.js';
import { toUserMessage } from '../../errors.js';
import { ActionId } from '../ids.js';
import { approvalsText, describeRequest, verbsFor } from './action-words.js';
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
import { peopleText } from './policy-words.js';
import { refusalText } from './refusals.js';
import { countdownText, safetyPointLine } from './safety-words.js';
import { isoTime, slackTime } from './time-words.js';

/**
 * The approval request everyone in the channel sees: what will be done to which server, what is
 * lost, who asked and why, when it expires and how many approvals it still needs. While pending
 * it carries Approve (behind a confirm dialog), Reject and Cancel; once decided, the buttons give
 * way to a line saying what happened, so nothing can be clicked on a closed request.
 */
export function renderApprovalMessage(m: ApprovalMessage): SlackMessage {
  const d = describeRequest(m.request);
  const open = m.state === 'pending';
  const progress = approvalsText(m.votes.length, m.requiredApprovals);
  // The approvers are mentioned in the first post only: an edit does not notify them again.
  const asking = open && m.mention && m.approvers ? approverMentions(m.approvers, m.requester) : null;
  const blocks: Block[] = [
    section(
      `${stateEmoji(m.state)} *${open ? 'Approval needed' : headline(m.state)}:* ${esc(d.title)}\n${esc(d.effect)}`,
    ),
    fields([
      ['Asked by', mention(m.requester)],
      ['Reason', m.reason ? esc(m.reason) : '_none given_'],
      // Once decided, the count and the expiry are history: the outcome line says what happened.
      ...(open
        ? ([
            ['Approvals', `${progress}${votersText(m.votes)}`],
            ['Expires', slackTime(m.expiresAt)],
          ] as [string, string][])
        : m.votes.length > 0
          ? ([['Approved by', m.votes.map((v) => mention(v.userId)).join(', ')]] as [string, string][])
          : []),
      ...requestFields(m.request),
    ]),
  ];
  if (d.lost.length > 0) {
    blocks.push(section(`:warning: *What is lost*\n${d.lost.map((l) => `• ${esc(l)}`).join('\n')}`));
  }
  const countdown = countdownOf(m);
  if (m.safety && (open || countdown) && 'vpsName' in m.request)
    blocks.push(section(safetyPointLine(m.safety, m.request.vpsName)));
  if (countdown) {
    blocks.push(...countdownBlocks(m, countdown));
  } else if (m.state === 'pending') {
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
    const missing = Math.max(0, m.requiredApprovals - m.votes.length);
    const grace = m.safety?.graceSeconds
      ? ` After the last approval it waits ${m.safety.graceSeconds} s, when ${mention(m.requester)} or an approver can still stop it.`
      : '';
    blocks.push(
      context(
        `Needs ${missing} more approval${missing === 1 ? '' : 's'} from ${asking ?? 'an approver'}, not from ${mention(m.requester)}. ` +
          `Only ${mention(m.requester)} can cancel it. Nothing happens until then.${grace}`,
      ),
    );
  } else {
    blocks.push(section(outcomeLine(m)));
  }
  const text = esc(
    countdown
      ? `${countdownText(countdown.verbIng, countdown.seconds)}: ${d.title}`
      : `${open ? 'Approval needed' : headline(m.state)}: ${d.title}`,
  );
  return { text: asking ? `${text} — ${asking}` : text, blocks };
}

/** "<@U1>, <!subteam^S1>": who can approve, as Slack mentions (never the requester). */
function approverMentions(ids: ApproverIds, requester: string): string | null {
  const users = ids.users.filter((u) => u !== requester).map(mention);
  const groups = ids.userGroups.map((g) => `<!subteam^${g}>`);
  const all = [...users, ...groups].slice(0, 20);
  return all.length > 0 ? all.join(', ') : null;
}

/** Set while an approved request waits out its countdown (the last vote set a later run time). */
function countdownOf(m: ApprovalMessage): { seconds: number; runAt: number; verbIng: string } | null {
  if (m.state !== 'approved' || m.runAt == null || m.decidedAt == null || m.runAt <= m.decidedAt) return null;
  const r = m.request;
  const action = r.kind === 'power' ? r.action : r.kind === 'appserver-reboot' ? 'reboot' : r.kind;
  return {
    seconds: Math.round((m.runAt - m.decidedAt) / 1000),
    runAt: m.runAt,
    verbIng: verbsFor(action).ing,
  };
}

/** "Restoring in 30 s" with a Cancel for the requester and the approvers: the last chance. */
function countdownBlocks(
  m: ApprovalMessage,
  c: { seconds: number; runAt: number; verbIng: string },
): Block[] {
  const by = m.votes.map((v) => mention(v.userId)).join(', ');
  return [
    section(
      `:hourglass_flowing_sand: *${countdownText(c.verbIng, c.seconds)}* (at ${slackTime(c.runAt)}). Approved by ${by}.`,
    ),
    actions('approval_countdown', [
      button({ actionId: ActionId.cancelRequest, text: 'Cancel', value: m.approvalId, style: 'danger' }),
    ]),
    context(`${mention(m.requester)} or an approver can still stop it until then; after that it runs.`),
  ];
}

/** The context line an approved operation's message keeps: who asked, why, who approved. */
export function approvalContext(a: OperationApproval, request?: ActionRequest): string {
  const reason = a.reason ? ` Reason: “${esc(a.reason)}”.` : '';
  const title = request ? describeRequest(request).title : (a.title ?? 'Approved request');
  return `${esc(title)} · approved by ${a.approvers.map(mention).join(', ')} ${slackTime(a.approvedAt)}.${reason}`;
}

function headline(state: ApprovalMessage['state']): string {
  switch (state) {
    case 'approved':
    case 'executing':
    case 'executed':
      return 'Approved';
    case 'rejected':
      return 'Rejected';
    case 'cancelled':
      return 'Cancelled';
    case 'expired':
      return 'Expired';
    case 'failed':
      return 'Approved, not run';
    case 'pending':
      return 'Approval needed';
  }
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
      return m.refusal
        ? `:x: Approved, but not carried out: ${refusalText(m.refusal)}`
        : `:x: Approved, but not carried out${note ? `: ${esc(m.note ?? '')}` : '.'}`;
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

function requestFields(r: ActionRequest): [string, string][] {
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

/** A private line for one person. */
export function renderApprovalNote(text: string): SlackMessage {
  return { text: esc(text), blocks: [section(esc(text))] };
}

/** A private note about a request or an action, for one person. */
export function renderPrivateNote(n: PrivateNote): SlackMessage {
  const text = privateNoteText(n.note);
  return { text, blocks: [section(text)] };
}

function privateNoteText(note: PrivateNote['note']): string {
  switch (note.code) {
    case 'request_posted': {
      const who = note.approvers.length > 0 ? ` of ${peopleText(note.approvers)}` : ' from an approver';
      return (
        `:busts_in_silhouette: Request posted in the channel: ${esc(describeRequest(note.request).title)}. ` +
        `It needs ${note.required}${who} (not you) within ${note.ttlMinutes} minutes. You can cancel it there.`
      );
    }
    case 'request_refused':
      return `:no_entry: ${refusalText(note.refusal)} Nothing was requested.`;
    case 'request_approved':
      return `:white_check_mark: ${mention(note.by)} approved your request: ${esc(describeRequest(note.request).title)}.`;
    case 'request_rejected':
      return `:no_entry: ${mention(note.by)} rejected your request: ${esc(describeRequest(note.request).title)}${note.note ? ` — “${esc(note.note)}”` : ''}. Nothing was done.`;
    case 'request_expired':
      return `:hourglass: Your request expired without enough approvals: ${esc(describeRequest(note.request).title)}. Nothing was done; ask again if it is still needed.`;
    case 'request_not_run':
      return `:x: Your request was approved but not carried out: ${esc(describeRequest(note.request).title)}. ${refusalText(note.refusal)}`;
    case 'action_failed':
      return `:x: ${esc(toUserMessage(note.error))}`;
    case 'request_closed':
      return `:no_entry: ${note.status === 'unknown' ? 'This request is no longer known to the bot.' : `This request is ${note.status} already: nothing was changed.`}`;
    case 'form_used':
      return ':information_source: This form was already submitted: nothing more was requested.';
    case 'backups_unavailable':
      return ':warning: Could not load the backups of that source; pick it again.';
    case 'busy':
      return `:no_entry: ${refusalText({ code: 'server_busy', server: note.server, busy: note.busy })}`;
  }
}
