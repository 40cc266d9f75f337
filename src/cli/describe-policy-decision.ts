import type {
  DecisionReason,
  FreezeInfo,
  PolicyDecision,
  RoleMembers,
  RulePreview,
  RuleRef,
} from '../domain/policy/index.js';

/**
 * Plain-text words for policy decisions, for the `policy` CLI only (a terminal, not Slack: the
 * bot renders the same codes its own way). They name rules by number and line, never settings.
 */

export function describeRule(rule: RuleRef): string {
  const match = rule.names.map((n) => `"${n}"`).join(', ');
  const providers = rule.providers ? `, provider ${rule.providers.join('|')}` : '';
  const where = rule.line === null ? 'from the environment' : `line ${rule.line}`;
  const description = rule.description ? `: ${rule.description}` : '';
  return `rule ${rule.index + 1} (${where}, match name ${match}${providers})${description}`;
}

export function describeReason(reason: DecisionReason, server: string): string {
  switch (reason.code) {
    case 'channel_not_allowed':
      return reason.params.scope === 'read'
        ? `/vps does not answer in ${reason.params.channel} (read_channels: ${reason.params.allowed.join(', ')})`
        : `actions on ${server} may only be asked for in ${reason.params.allowed.join(', ')}, not in ${reason.params.channel}`;
    case 'no_rule':
      return `no rule matches ${reason.params.server}, so nobody may act on it`;
    case 'no_operators':
      return 'the rule names no operators, so nobody may act on these servers';
    case 'not_operator':
      return `only ${role(reason.params.operators)} may act on ${server}`;
    case 'membership_unknown':
      return `the members of ${reason.params.groups.join(', ')} could not be looked up, so membership is in doubt`;
    case 'frozen':
      return `${server} is frozen until ${when(reason.params.until, reason.params)}${reason.params.reason ? `: ${reason.params.reason}` : ''}`;
    case 'approval_required':
      return reason.params.always
        ? `${reason.params.action} always needs approval`
        : `${reason.params.action} needs approval on ${server}`;
    case 'no_approvers':
      return 'this needs approval, but the rule names no approvers';
    case 'too_few_approvers':
      return `this needs ${reason.params.required} approvals, but only ${reason.params.possible} other approver(s) are listed`;
    case 'not_approver':
      return `only ${role(reason.params.approvers)} may approve on ${server}`;
    case 'break_glass_not_allowed':
      return reason.params.members.written.length > 0
        ? `only ${role(reason.params.members)} may break glass on ${server}`
        : `nobody may break glass on ${server}`;
    case 'break_glass_reason_missing':
      return 'break-glass needs a reason: --break-glass "<why>"';
    case 'break_glass_used': {
      const skipped =
        reason.params.skipped.length > 0 ? ` (skips the ${reason.params.skipped.join(' and the ')})` : '';
      return `BREAK-GLASS: ${reason.params.reason}${skipped}; an approver must review it afterwards`;
    }
  }
}

export function describeDecision(decision: PolicyDecision, server: string): string[] {
  const lines = [`verdict: ${decision.verdict}`];
  lines.push(
    decision.rule ? describeRule(decision.rule) : 'rule: none (reading is governed by read_channels)',
  );
  for (const reason of decision.reasons) lines.push(`  - ${describeReason(reason, server)}`);
  if (decision.approval)
    lines.push(`needs ${decision.approval.required} of ${decision.approval.written.join(', ')}`);
  return lines;
}

export function describePreview(preview: RulePreview, at: number): string[] {
  const lines = [
    `who may act: ${role(preview.operators) || 'nobody'}`,
    `who may approve: ${preview.approvers.written.length > 0 ? `${preview.approvals} of ${role(preview.approvers)}` : 'nobody'}`,
    `needs approval: ${preview.needApproval.join(', ')}`,
    `channels: ${preview.channels ? preview.channels.join(', ') : 'any'}`,
    `break-glass: ${role(preview.breakGlass) || 'nobody'}`,
  ];
  const { active, upcoming } = preview.freeze;
  if (active)
    lines.push(
      `freeze now: until ${when(active.until, active)}${active.reason ? ` (${active.reason})` : ''}`,
    );
  if (upcoming) {
    const hours = Math.round((upcoming.from - at) / 3_600_000);
    lines.push(
      `freeze soon: from ${when(upcoming.from, upcoming)}, in about ${hours} h${upcoming.reason ? ` (${upcoming.reason})` : ''}`,
    );
  }
  if (!active && !upcoming) lines.push('freeze: none now or within a day');
  return lines;
}

function role(members: RoleMembers): string {
  return members.written.join(', ');
}

/** "3 Jan 2027 00:00 UTC"; a weekly window in its own zone. */
export function when(epochMs: number, freeze: Pick<FreezeInfo, 'timeZone'>): string {
  const timeZone = freeze.timeZone ?? 'UTC';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(epochMs);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')} ${get('hour')}:${get('minute')} ${timeZone}`;
}
