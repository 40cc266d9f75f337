import type { DecisionReason, FreezeInfo, RoleMembers, RuleRef } from '../../domain/policy/index.js';
import { actionNoun } from './action-words.js';
import { esc } from './elements.js';

/**
 * Policy decisions in Slack's words: who may do what, named the way people know them (mentions,
 * user groups, channels), and which rule decided — never the name of a setting.
 */

/** A written subject as Slack shows it: `<@U…>`, `<!subteam^S…>`, or a group name of the policy. */
export function subjectText(written: string): string {
  if (/^[UW][A-Z0-9]+$/.test(written)) return `<@${written}>`;
  if (/^S[A-Z0-9]+$/.test(written)) return `<!subteam^${written}>`;
  return `*${esc(written)}*`;
}

export function peopleText(members: RoleMembers | readonly string[]): string {
  const written = 'written' in members ? members.written : members;
  if (written.length === 0) return 'nobody';
  return written.map(subjectText).join(', ');
}

/** "rule 1 (db-*)", or nothing for the one rule made from the deployment's settings. */
export function ruleText(rule: RuleRef | null): string {
  if (!rule || rule.line === null) return '';
  const match = rule.names.map((n) => `\`${esc(n)}\``).join(', ');
  return `rule ${rule.index + 1} (${match}, line ${rule.line})${rule.description ? ` “${esc(rule.description)}”` : ''}`;
}

/** "3 Jan 2027 00:00 UTC"; a weekly window in its own zone. */
export function freezeTime(epochMs: number, freeze: Pick<FreezeInfo, 'timeZone'>): string {
  const timeZone = freeze.timeZone ?? 'UTC';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(epochMs);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('hour')}:${get('minute')} ${timeZone}`;
}

/** One reason of a decision, as a sentence about `server` (null when reading). */
export function reasonText(reason: DecisionReason, server: string | null): string {
  const on = server ? ` on *${esc(server)}*` : '';
  switch (reason.code) {
    case 'channel_not_allowed':
      return reason.params.scope === 'read'
        ? `/vps does not answer in this channel; use it in ${reason.params.allowed.map((c) => `<#${c}>`).join(', ')}.`
        : `Actions${on} may only be asked for in ${reason.params.allowed.map((c) => `<#${c}>`).join(', ')}.`;
    case 'no_rule':
      return `No rule covers *${esc(reason.params.server)}*, so nobody may act on it; ask an admin to add one.`;
    case 'no_operators':
      return `Nobody may act${on}: no operators are set up for it. Ask an admin.`;
    case 'not_operator':
      return `Only ${peopleText(reason.params.operators)} may act${on || ' on servers'}; ask an admin to add you.`;
    case 'membership_unknown':
      return `I couldn't check your membership of ${reason.params.groups.map(subjectText).join(', ')} (the lookup failed), so I can't let you. Try again in a minute.`;
    case 'frozen': {
      const why = reason.params.reason ? `: ${esc(reason.params.reason)}` : '';
      return `*${esc(server ?? 'This server')}* is frozen until ${freezeTime(reason.params.until, reason.params)}${why}.`;
    }
    case 'approval_required':
      return `A ${actionNoun(reason.params.action)}${on} needs ${reason.params.required} approval${reason.params.required === 1 ? '' : 's'}.`;
    case 'no_approvers':
      return `This needs approval${on}, but no approvers are set up for it, so nobody could approve it. Ask an admin.`;
    case 'too_few_approvers':
      return `This needs ${reason.params.required} approvals, but only ${reason.params.possible} other approver${reason.params.possible === 1 ? ' is' : 's are'} listed.`;
    case 'not_approver':
      return `Only ${peopleText(reason.params.approvers)} may approve this${on}.`;
    case 'break_glass_not_allowed':
      return reason.params.members.written.length > 0
        ? `Only ${peopleText(reason.params.members)} may break glass${on}.`
        : `Nobody may break glass${on}.`;
    case 'break_glass_reason_missing':
      return 'Break-glass needs a reason: add `--break-glass "why"`.';
    case 'break_glass_used':
      return `:rotating_light: Break-glass: “${esc(reason.params.reason)}”.`;
  }
}
