import {
  type DecisionReasonCode,
  decide,
  type Person,
  type PolicyQuestion,
  type ServerRef,
  type Verdict,
} from '../../../src/domain/policy/index.js';
import { at, policyOf, teamPolicy } from './policy-fixtures.js';

/** One row of a decision table: who asks what, where and when, and what the policy must answer. */
export interface DecisionCase {
  readonly name: string;
  readonly server: ServerRef;
  readonly action: PolicyQuestion;
  readonly who: Person;
  readonly channel?: string;
  readonly at?: number;
  readonly breakGlass?: string;
  readonly verdict: Verdict;
  /** 0-based index of the rule that decided. */
  readonly rule: number;
  readonly reasons: readonly DecisionReasonCode[];
}

export const teamPolicyCompiled = policyOf(teamPolicy);
export const vps = (name: string, hostname?: string): ServerRef => ({ provider: 'hostup', name, hostname });
export const appServer = (name: string): ServerRef => ({ provider: 'huawei', name });

/** The decision for a row, reduced to what a row states, next to what the row expects. */
export function outcome(c: DecisionCase) {
  const decision = decide(teamPolicyCompiled, {
    server: c.server,
    action: c.action,
    person: c.who,
    channel: c.channel ?? 'C0ANY',
    at: c.at ?? at.normal,
    ...(c.breakGlass !== undefined ? { breakGlass: { reason: c.breakGlass } } : {}),
  });
  return {
    actual: {
      verdict: decision.verdict,
      rule: decision.rule?.index,
      reasons: decision.reasons.map((r) => r.code),
    },
    expected: { verdict: c.verdict, rule: c.rule, reasons: c.reasons },
  };
}
