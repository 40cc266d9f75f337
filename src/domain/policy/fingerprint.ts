import { createHash } from 'node:crypto';
import type { FreezeWindow, RoleMembers } from './compiled-policy.js';
import type { RuleDraft } from './parse-rule.js';

/**
 * Hashes that tell whether a policy, or the rule for a server, still says what it said when an
 * approval was given. A rule's fingerprint covers its meaning (match, people after group
 * resolution, approvals, freezes…), not its line or position, nor its description: moving a rule
 * or rewording a comment does not lapse approvals; adding someone to a group it uses does.
 */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function ruleFingerprint(rule: RuleDraft): string {
  const canonical = {
    match: {
      names: sorted(rule.match.names.map((n) => n.toLowerCase())),
      providers: rule.match.providers ? sorted(rule.match.providers) : null,
    },
    operators: role(rule.operators),
    approvers: role(rule.approvers),
    breakGlass: role(rule.breakGlass),
    approvals: rule.approvals,
    requireApproval: sorted(rule.requireApproval),
    channels: rule.channels ? sorted(rule.channels) : null,
    approvalTtlMinutes: rule.approvalTtlMinutes,
    freeze: rule.freeze.map(freeze),
    safety: rule.safety,
  };
  return sha256(JSON.stringify(canonical));
}

function role(members: RoleMembers) {
  return { users: sorted(members.subjects.users), userGroups: sorted(members.subjects.userGroups) };
}

function freeze(w: FreezeWindow) {
  if (w.kind === 'absolute') return { kind: w.kind, from: w.from, to: w.to, reason: w.reason };
  const { kind, fromMinute, toMinute, timeZone, reason } = w;
  return { kind, days: [...w.days].sort(), fromMinute, toMinute, timeZone, reason };
}

function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}
