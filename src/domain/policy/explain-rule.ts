import type { Policy, RoleMembers, RuleSafety } from './compiled-policy.js';
import { activeFreeze, upcomingFreeze } from './freeze-windows.js';
import { type PolicyAction, policyActions } from './policy-actions.js';
import { type FreezeStatus, freezeInfo, type RuleRef, type ServerRef } from './policy-decision.js';
import { ruleFor, ruleRef } from './rule-for-server.js';

/** What `/vps policy <server>` shows: the rule for a server and what it says, as data. */
export interface RulePreview {
  readonly rule: RuleRef;
  readonly operators: RoleMembers;
  readonly approvers: RoleMembers;
  readonly approvals: number;
  /** In catalogue order. */
  readonly needApproval: readonly PolicyAction[];
  /** null: every channel (within read_channels). */
  readonly channels: readonly string[] | null;
  readonly breakGlass: RoleMembers;
  readonly freeze: FreezeStatus;
  readonly approvalTtlMinutes: number | null;
  readonly safety: RuleSafety;
}

/** The preview for a server, or null when no rule matches it (nobody may act on it). */
export function explainRule(
  policy: Policy,
  server: ServerRef,
  at: number,
  soonMs = 24 * 60 * 60 * 1000,
): RulePreview | null {
  const rule = ruleFor(policy, server);
  if (!rule) return null;
  return {
    rule: ruleRef(rule),
    operators: rule.operators,
    approvers: rule.approvers,
    approvals: rule.approvals,
    needApproval: policyActions.filter((a) => rule.requireApproval.has(a)),
    channels: rule.channels ? [...rule.channels] : null,
    breakGlass: rule.breakGlass,
    freeze: {
      active: freezeInfo(activeFreeze(rule.freeze, at)),
      upcoming: freezeInfo(upcomingFreeze(rule.freeze, at, soonMs)),
    },
    approvalTtlMinutes: rule.approvalTtlMinutes,
    safety: rule.safety,
  };
}
