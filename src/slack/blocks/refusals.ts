import type { ApprovalLapse } from '../../domain/policy/index.js';
import type { Refusal } from '../../domain/refusals.js';
import { toUserMessage } from '../../errors.js';
import { slashCommand } from '../ids.js';
import { actionNoun } from './action-words.js';
import { esc, mention } from './elements.js';
import { reasonText, ruleText } from './policy-words.js';
import { slackTime } from './time-words.js';

const listOf = (names: readonly string[], max = 8) =>
  names.length === 0
    ? 'none'
    : `${names
        .slice(0, max)
        .map((n) => `\`${esc(n)}\``)
        .join(', ')}${names.length > max ? ', …' : ''}`;

/** Why the bot will not do something, in one or two sentences with what to do instead. */
export function refusalText(r: Refusal): string {
  switch (r.code) {
    case 'policy': {
      const reasons = r.reasons.filter((x) => x.code !== 'approval_required' || r.reasons.length === 1);
      const rule = ruleText(r.rule);
      return `${reasons.map((x) => reasonText(x, r.server)).join(' ')}${rule ? ` _(${rule})_` : ''}`;
    }
    case 'self_approval':
      return 'You asked for this, so someone else has to approve it: two people decide on a destructive action.';
    case 'gate_closed':
      return `HostUp does not allow a ${actionNoun(r.action)} of *${esc(r.server)}* now: ${esc(r.reason ?? 'not in its current state')}.`;
    case 'server_busy': {
      const what =
        r.busy.kind === 'operation'
          ? `${actionNoun(r.busy.action)} by ${mention(r.busy.actor)}`
          : `an open ${actionNoun(r.busy.action)} request by ${mention(r.busy.actor)}`;
      const link =
        r.busy.channel && r.busy.ts
          ? ` → <${threadLink(r.busy.channel, r.busy.ts)}|${r.busy.kind === 'operation' ? 'thread' : 'request'}>`
          : '';
      return `*${esc(r.server)}* is busy: ${what}, since ${slackTime(r.busy.since)}${link}. Try again when it has finished.`;
    }
    case 'hostname_invalid':
      return esc(r.detail);
    case 'no_snapshots':
      return `*${esc(r.server)}* has no snapshots to restore.`;
    case 'snapshot_unknown':
      return `*${esc(r.server)}* has no snapshot called “${esc(r.typed)}”. Its snapshots: ${listOf(r.known)}.`;
    case 'snapshot_gone':
      return `The snapshot \`${esc(r.snapshot)}\` no longer exists on *${esc(r.server)}* (snapshots live about 24 hours), so it was not restored.`;
    case 'source_is_target':
      return `The source must be another VPS than *${esc(r.server)}*. To go back on ${esc(r.server)} itself, restore one of its snapshots with \`${slashCommand} restore\`.`;
    case 'source_ambiguous':
      return `Several restore sources are called “${esc(r.typed)}”: use the id (${listOf(r.ids)}).`;
    case 'source_unknown':
      return `“${esc(r.typed)}” is not a restore source for *${esc(r.server)}*. Sources: ${listOf(r.known)}.`;
    case 'source_gone':
      return `*${esc(r.source)}* is no longer a restore source for *${esc(r.server)}*.`;
    case 'backup_unknown':
      return `*${esc(r.source)}* has no backup “${esc(r.typed)}”. Its backups: ${listOf(r.known)}.`;
    case 'backup_gone':
      return `Backup \`${esc(r.backup)}\` of *${esc(r.source)}* no longer exists, so it was not restored.`;
    case 'servers_gone':
      return `${r.names.map((n) => `*${esc(n)}*`).join(', ')} ${r.names.length === 1 ? 'no longer exists' : 'no longer exist'} in Huawei Workspace, so nothing was rebooted.`;
    case 'snapshot_name_taken':
      return `*${esc(r.server)}* already has a snapshot called \`${esc(r.name)}\`: give another name.`;
    case 'safety_point_impossible':
      return `The policy requires a safety snapshot before restoring *${esc(r.server)}*, and HostUp does not allow one now: ${esc(r.reason ?? 'not in its current state')}. Nothing was restored.`;
    case 'undo_unavailable':
      return 'There is no safety point to go back to for this operation.';
    case 'huawei_not_configured':
      return 'Huawei Workspace is not set up for this bot, so app servers cannot be changed. Ask an admin.';
    case 'approval_lapsed':
      return `This approval no longer holds: ${r.lapses.map(lapseText).join('; ')}. Nothing was done; ask again.`;
    case 'check_failed':
      return `${esc(toUserMessage(r.error))} Nothing was done.`;
  }
}

/** A link to a message (its thread) in Slack; the client opens it in place. */
export function threadLink(channel: string, ts: string): string {
  return `https://slack.com/archives/${channel}/p${ts.replace('.', '')}`;
}

function lapseText(lapse: ApprovalLapse): string {
  switch (lapse.code) {
    case 'rule_changed':
      return 'the policy rule for this server changed since it was approved';
    case 'policy_changed':
      return 'the policy changed since it was approved';
    case 'approver_left':
      return `${mention(lapse.params.userId)} is no longer an approver`;
    case 'approver_unknown':
      return `${mention(lapse.params.userId)}'s membership could not be checked`;
  }
}
