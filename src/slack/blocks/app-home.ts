import type { types } from '@slack/bolt';
import type { HomeData, HomeRequest } from '../home/home-data.js';
import { ActionId, slashCommand } from '../ids.js';
import { approvalsText, describeRequest, verbsFor } from './action-words.js';
import { auditName } from './audit.js';
import { actions, type Block, button, context, divider, esc, header, mention, section } from './elements.js';
import { threadLink } from './refusals.js';
import { formatDuration, zonedTime, zoneNote } from './time-words.js';

/**
 * The bot's App Home for one person: the requests waiting for them (with Approve and Reject),
 * their own open requests, their operations running now, and what they did lately — all in
 * their time zone. Built from the store each time it is published, so it is never stale by more
 * than one refresh.
 */
export function renderAppHome(d: HomeData): types.HomeView {
  const blocks: Block[] = [
    header('VPS ChatOps'),
    context(`${zoneNote(d.zone, d.now)} Updated ${zonedTime(d.now, d.zone)}.`),
  ];

  blocks.push(section(`*Waiting for you* (${d.waiting.length})`));
  if (d.waiting.length === 0) blocks.push(context('No request needs your approval.'));
  for (const item of d.waiting) blocks.push(...waitingRequest(item, d));

  if (d.mine.length > 0) {
    blocks.push(divider(), section(`*Your open requests* (${d.mine.length})`));
    for (const item of d.mine) blocks.push(...ownRequest(item, d));
  }

  blocks.push(divider(), section(`*Running now* (${d.running.length})`));
  if (d.running.length === 0) blocks.push(context('None of your operations is running.'));
  for (const op of d.running) {
    const progress = op.progress != null && op.status === 'in_progress' ? ` ${Math.round(op.progress)}%` : '';
    const link = op.rootTs ? ` · <${threadLink(op.channel, op.rootTs)}|thread>` : '';
    blocks.push(
      section(
        `*${esc(op.targetName)}* ${esc(verbsFor(op.action).ing)} · ${esc((op.status ?? 'starting').replace('_', ' '))}${progress} · for ${formatDuration(d.now - op.startedAt)}${link}`,
      ),
    );
  }

  if (d.ended.length > 0) {
    const lines = d.ended.map(
      (op) =>
        `${zonedTime(op.terminalAt ?? op.startedAt, d.zone)} · *${esc(op.targetName)}* ${esc(verbsFor(op.action).base)} · ${outcomeOf(op)}`,
    );
    blocks.push(divider(), section(`*Ended lately*\n${lines.join('\n')}`));
  }

  blocks.push(divider(), section('*Your recent activity*'));
  if (d.recent.length === 0) blocks.push(context(`Nothing yet. Try \`${slashCommand} help\` in a channel.`));
  else {
    const lines = d.recent.map(
      (e) => `${zonedTime(e.at, d.zone)} · ${esc(e.action)} · *${esc(auditName(e))}* · ${esc(e.outcome)}`,
    );
    blocks.push(section(lines.join('\n')));
  }
  return { type: 'home', blocks: blocks.slice(0, 100) };
}

function outcomeOf(op: HomeData['ended'][number]): string {
  const took = op.terminalAt !== null ? ` in ${formatDuration(op.terminalAt - op.startedAt)}` : '';
  switch (op.outcome ?? (op.state === 'done' ? 'completed' : 'failed')) {
    case 'completed':
      return `:white_check_mark: completed${took}`;
    case 'refused':
      return ':no_entry: refused by the provider';
    case 'unknown':
      return ':grey_question: outcome unknown';
    case 'gave_up':
      return ':hourglass_flowing_sand: no longer followed';
    default:
      return `:x: failed${took}`;
  }
}

function requestLine(item: HomeRequest, d: HomeData): string {
  const { approval } = item;
  const link = approval.messageTs
    ? ` · <${threadLink(approval.channel, approval.messageTs)}|open the request>`
    : '';
  const reason = approval.reason ? `\n_“${esc(approval.reason)}”_` : '';
  return (
    `*${esc(describeRequest(item.request).title)}*${reason}\n` +
    `${mention(approval.requester)} · ${approvalsText(approval.approvals.length, approval.requiredApprovals)} · ` +
    `expires ${zonedTime(approval.expiresAt, d.zone)}${link}`
  );
}

function waitingRequest(item: HomeRequest, d: HomeData): Block[] {
  const words = describeRequest(item.request);
  const id = item.approval.id;
  return [
    section(requestLine(item, d)),
    actions(`home_request_${id}`, [
      button({
        actionId: ActionId.approve,
        text: 'Approve',
        value: id,
        style: 'danger',
        confirm: {
          title: 'Approve this request?',
          text: `${esc(words.title)}. ${words.lost.map(esc).join(' ')}`,
          confirm: 'Approve',
        },
      }),
      button({ actionId: ActionId.reject, text: 'Reject', value: id }),
    ]),
  ];
}

function ownRequest(item: HomeRequest, d: HomeData): Block[] {
  return [
    section(requestLine(item, d)),
    actions(`home_own_${item.approval.id}`, [
      button({ actionId: ActionId.cancelRequest, text: 'Cancel request', value: item.approval.id }),
    ]),
  ];
}
