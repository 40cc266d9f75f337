import type { Policy } from './compiled-policy.js';
import type { Person, PolicyDecision, ServerRef } from './policy-decision.js';
import { membership, ruleFor } from './rule-for-server.js';

/**
 * What an approval was based on, to be stored with the request: the policy's hash and the
 * fingerprint of the rule that asked for approval. Checked again just before the approved action
 * runs, so an approval lapses when what it was given under has changed.
 */
export interface ApprovalBasis {
  readonly policyHash: string;
  readonly ruleIndex: number;
  readonly ruleFingerprint: string;
}

export type ApprovalLapse =
  | { readonly code: 'policy_changed'; readonly params: { readonly ruleChanged: false } }
  | { readonly code: 'rule_changed'; readonly params: { readonly ruleChanged: true } }
  | { readonly code: 'approver_left'; readonly params: { readonly userId: string } }
  | {
      readonly code: 'approver_unknown';
      readonly params: { readonly userId: string; readonly groups: readonly string[] };
    };

/** The basis of a decision whose verdict was `approval`; null for any other verdict. */
export function approvalBasis(decision: PolicyDecision): ApprovalBasis | null {
  if (decision.verdict !== 'approval' || !decision.rule) return null;
  return {
    policyHash: decision.policyHash,
    ruleIndex: decision.rule.index,
    ruleFingerprint: decision.rule.fingerprint,
  };
}

/**
 * Every reason the approval no longer holds, or none. `approvers` are the people whose votes
 * counted, as membership snapshots taken now. The policy's hash changing lapses it on its own
 * (`rule_changed` says the server's rule itself changed or another rule now catches it, which is
 * what to tell people); an approver who is no longer one lapses it too, and so does one whose
 * groups could not be looked up (a doubt never counts as a vote).
 */
export function approvalLapses(
  basis: ApprovalBasis,
  policy: Policy,
  server: ServerRef,
  approvers: readonly Person[],
): ApprovalLapse[] {
  const rule = ruleFor(policy, server);
  const lapses: ApprovalLapse[] = [];
  if (!rule || rule.fingerprint !== basis.ruleFingerprint) {
    lapses.push({ code: 'rule_changed', params: { ruleChanged: true } });
  } else if (policy.hash !== basis.policyHash) {
    lapses.push({ code: 'policy_changed', params: { ruleChanged: false } });
  }
  for (const person of approvers) {
    const m = rule ? membership(rule.approvers, person) : 'not_member';
    if (m === 'not_member') lapses.push({ code: 'approver_left', params: { userId: person.userId } });
    else if (typeof m === 'object') {
      lapses.push({ code: 'approver_unknown', params: { userId: person.userId, groups: m.unknown } });
    }
  }
  return lapses;
}
