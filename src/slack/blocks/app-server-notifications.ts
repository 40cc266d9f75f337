import type {
  AppServerLine,
  AppServerNotification,
  AppServerRebootChanged,
  AppServerRebootRoot,
  AppServerRebootSubject,
  AppServerRebootSummary,
  NotRebooted,
} from '../../domain/app-server-notifications.js';
import { approvalContext } from './approval-request.js';
import { type Block, context, esc, mention, type SlackMessage, section } from './elements.js';
import { fitList } from './fit-list.js';
import { formatDuration } from './notifications.js';

/** Characters one list may take in a block (Slack allows 3000 per section, with the rest of the line). */
const listBudget = 1800;

/** Renders the messages of an app-server reboot's thread (see app-server-notifications.ts). */
export function renderAppServerNotification(n: AppServerNotification): SlackMessage {
  switch (n.type) {
    case 'appserver-reboot.root':
      return withApproval(renderRoot(n), n.subject);
    case 'appserver-reboot.changed':
      return renderChanged(n);
    case 'appserver-reboot.summary':
      return renderSummary(n);
  }
}

/** "@ana rebooted 3 app servers (SOFT) · 1/3 back · 2 rebooting". */
function renderRoot(n: AppServerRebootRoot): SlackMessage {
  const s = n.subject;
  const c = n.counts;
  const total = s.serverNames.length;
  const parts = [`${c.back}/${total} back`];
  if (c.rebooting + c.pending > 0) parts.push(`${c.rebooting + c.pending} rebooting`);
  if (c.failed > 0) parts.push(`${c.failed} failed`);
  if (c.timedOut > 0) parts.push(`${c.timedOut} did not come back`);
  const emoji = !n.finished
    ? ':arrows_counterclockwise:'
    : c.failed + c.timedOut > 0
      ? ':warning:'
      : ':white_check_mark:';
  const state = n.calling
    ? ':outbox_tray: asking Huawei…'
    : n.phase === 'refused'
      ? ':no_entry: refused by Huawei — nothing was rebooted'
      : n.phase === 'unknown'
        ? ':grey_question: outcome unknown — checking what Huawei shows'
        : `${emoji} ${parts.join(' · ')}`;
  const verb = n.phase === 'refused' ? 'asked to reboot' : n.finished ? 'rebooted' : 'is rebooting';
  const line = `${mention(s.requester)} ${verb} ${what(s)} · ${state}`;
  const blocks: Block[] = [section(line)];
  if (total > 1) blocks.push(context(esc(names(s.serverNames))));
  if (n.notRebooted.length > 0) blocks.push(section(notRebootedText(n.notRebooted)));
  return { text: `${plainWhat(s)}: ${parts.join(', ')}`, blocks };
}

function renderChanged(n: AppServerRebootChanged): SlackMessage {
  const lead = {
    rebooting: ':arrows_counterclockwise: Rebooting',
    back: ':white_check_mark: Back',
    failed: ':x: Failed',
  }[n.state];
  const list = fitList(
    n.servers.map((l) => `*${esc(l.name)}* (${esc(statusOf(l))})`),
    listBudget,
  );
  const count = n.servers.length;
  const fallback = `${lead}: ${count === 1 ? n.servers[0]!.name : `${count} app servers`}`;
  return { text: fallback, blocks: [section(`${lead}: ${list}`)] };
}

/** "@ana 2 back, 1 failed, 0 did not come back in 15 minutes", then who is where. */
function renderSummary(n: AppServerRebootSummary): SlackMessage {
  const s = n.subject;
  const limit = limitText(n.limitMs);
  const ok = n.failed.length + n.timedOut.length === 0;
  const head =
    `${ok ? ':white_check_mark:' : ':warning:'} ${mention(s.requester)} the ${s.type} reboot of ` +
    `${s.serverNames.length === 1 ? `*${esc(s.serverNames[0]!)}*` : `${s.serverNames.length} app servers`} ` +
    `ended after ${formatDuration(n.durationMs)}: ${n.back.length} back, ${n.failed.length} failed, ` +
    `${n.timedOut.length} did not come back in ${limit}.`;
  const lines: string[] = [];
  if (n.failed.length > 0) lines.push(`*Failed:* ${lineList(n.failed)}`);
  if (n.timedOut.length > 0) lines.push(`*Did not come back in ${limit}:* ${lineList(n.timedOut)}`);
  if (n.back.length > 0 && !ok) lines.push(`*Back:* ${esc(names(n.back))}`);
  const blocks: Block[] = [section(head)];
  if (lines.length > 0) blocks.push(section(lines.join('\n')));
  if (n.notRebooted.length > 0) blocks.push(section(notRebootedText(n.notRebooted)));
  if (!ok) blocks.push(context('Check them in the Huawei Workspace console before rebooting them again.'));
  return { text: head, blocks };
}

/** Servers Huawei did not accept: said plainly, so nobody thinks they were rebooted. */
function notRebootedText(list: readonly NotRebooted[]): string {
  const failed = list.filter((r) => r.why === 'failed');
  const skipped = list.filter((r) => r.why === 'skipped');
  const out: string[] = [];
  if (failed.length > 0) {
    const acted = failed.some((r) => r.mayHaveActed);
    out.push(
      `:x: *Not rebooted* (the request failed${acted ? ', though it may still have been carried out' : ''}): ` +
        `${esc(names(failed.map((r) => r.name)))}${failed[0]!.error ? ` — ${esc(failed[0]!.error)}` : ''}`,
    );
  }
  if (skipped.length > 0) {
    out.push(
      `:no_entry_sign: *Not rebooted* (not sent after that failure): ${esc(names(skipped.map((r) => r.name)))}`,
    );
  }
  return out.join('\n');
}

function what(s: AppServerRebootSubject): string {
  const n = s.serverNames.length;
  const target = n === 1 ? `app server *${esc(s.serverNames[0]!)}*` : `${n} app servers`;
  return `${target} (${s.type})`;
}

function plainWhat(s: AppServerRebootSubject): string {
  const n = s.serverNames.length;
  return `Reboot of ${n === 1 ? s.serverNames[0] : `${n} app servers`} (${s.type})`;
}

function withApproval(message: SlackMessage, s: AppServerRebootSubject): SlackMessage {
  return s.approval
    ? { ...message, blocks: [...message.blocks, context(approvalContext(s.approval))] }
    : message;
}

function statusOf(l: AppServerLine): string {
  if (l.note) return l.note;
  return [l.vmStatus ?? 'no vm status', l.taskStatus].filter(Boolean).join(' · ');
}

function lineList(list: readonly AppServerLine[]): string {
  return fitList(
    list.map((l) => `${esc(l.name)} (${esc(statusOf(l))})`),
    listBudget / 2,
  );
}

/** "15 minutes", "1 minute", "40 seconds" (tests use limits under a minute). */
function limitText(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  return ms >= 60_000
    ? plural(Math.round(ms / 60_000), 'minute')
    : plural(Math.max(1, Math.round(ms / 1000)), 'second');
}

/** "app-01, app-02 and 3 more". */
export function names(list: readonly string[], budget = listBudget / 2): string {
  return fitList(list, budget);
}
