import type { Policy } from './compiled-policy.js';
import type { PolicyProvider } from './policy-actions.js';
import type { DecisionReason, Person, RuleRef } from './policy-decision.js';
import { isEmptyRole, membership, ruleRef } from './rule-for-server.js';

/**
 * Whether any rule for this provider counts the person as an operator. A person no rule lets act
 * is refused before any server is looked up (nothing read, nothing asked); one who may act on
 * some servers goes on, and the server's own rule decides.
 */
export function mayActSomewhere(
  policy: Policy,
  provider: PolicyProvider,
  person: Person,
):
  | { readonly allowed: true }
  | { readonly allowed: false; readonly rule: RuleRef | null; readonly reasons: readonly DecisionReason[] } {
  const rules = policy.rules.filter((r) => r.match.providers === null || r.match.providers.has(provider));
  let doubt: DecisionReason | null = null;
  for (const rule of rules) {
    const m = membership(rule.operators, person);
    if (m === 'member') return { allowed: true };
    if (typeof m === 'object') doubt = { code: 'membership_unknown', params: { groups: m.unknown } };
  }
  // A doubt is not a no: let the server's own rule decide (and say so) once it is known.
  if (doubt) return { allowed: true };
  const first = rules[0];
  if (!first) return { allowed: false, rule: null, reasons: [{ code: 'no_rule', params: { server: '' } }] };
  const reasons: DecisionReason[] = isEmptyRole(first.operators)
    ? [{ code: 'no_operators', params: {} }]
    : [{ code: 'not_operator', params: { operators: first.operators } }];
  return { allowed: false, rule: rules.length === 1 ? ruleRef(first) : null, reasons };
}
