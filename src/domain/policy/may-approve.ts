import type { Policy } from './compiled-policy.js';
import type { DecisionReason, Person, RuleRef, ServerRef } from './policy-decision.js';
import { isEmptyRole, membership, ruleFor, ruleRef } from './rule-for-server.js';

export interface ApproverCheck {
  readonly allowed: boolean;
  readonly rule: RuleRef | null;
  readonly reasons: readonly DecisionReason[];
  /** How many distinct approvers the rule wants (0 when no rule matches). */
  readonly required: number;
}

/**
 * Whether the rule for this server counts this person as an approver. It does not know who asked:
 * that the requester never approves their own request stays with the approval store, which knows.
 */
export function mayApprove(policy: Policy, server: ServerRef, person: Person): ApproverCheck {
  const rule = ruleFor(policy, server);
  if (!rule)
    return {
      allowed: false,
      rule: null,
      required: 0,
      reasons: [{ code: 'no_rule', params: { server: server.name } }],
    };
  const base = { rule: ruleRef(rule), required: rule.approvals };
  if (isEmptyRole(rule.approvers))
    return { ...base, allowed: false, reasons: [{ code: 'no_approvers', params: {} }] };
  const m = membership(rule.approvers, person);
  if (m === 'member') return { ...base, allowed: true, reasons: [] };
  if (m === 'not_member') {
    return {
      ...base,
      allowed: false,
      reasons: [{ code: 'not_approver', params: { approvers: rule.approvers } }],
    };
  }
  return {
    ...base,
    allowed: false,
    reasons: [{ code: 'membership_unknown', params: { groups: m.unknown } }],
  };
}
