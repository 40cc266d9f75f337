import { describe, expect, it } from 'vitest';
import { approvalBasis, approvalLapses, decide, mayApprove } from '../../../src/domain/policy/index.js';
import { at, people, person, policyOf, teamPolicy } from './policy-fixtures.js';

const db01 = { provider: 'hostup' as const, name: 'db-01' };
const onCallA = person('U0ONA', ['S0ONCALL']);
const onCallB = person('U0ONB', ['S0ONCALL']);
const before = policyOf(teamPolicy);
const decision = decide(before, {
  server: db01,
  action: 'reset',
  person: people.bo,
  channel: 'C0PROD',
  at: at.normal,
});
const basis = approvalBasis(decision)!;

describe('approvalLapses', () => {
  it('finds nothing when neither the policy nor the approvers changed', () => {
    expect(approvalLapses(basis, before, db01, [onCallA, onCallB])).toEqual([]);
  });

  it('lapses when the policy file changed, even if the rule did not', () => {
    const reworded = policyOf(`# reviewed\n${teamPolicy}`);
    expect(approvalLapses(basis, reworded, db01, [onCallA])).toEqual([
      { code: 'policy_changed', params: { ruleChanged: false } },
    ]);
  });

  it('says the rule changed when the server’s rule says something else', () => {
    const stricter = policyOf(
      teamPolicy.replace(
        'approvals: 2\n    require_approval: [reset',
        'approvals: 3\n    require_approval: [reset',
      ),
    );
    expect(approvalLapses(basis, stricter, db01, [onCallA])).toEqual([
      { code: 'rule_changed', params: { ruleChanged: true } },
    ]);
  });

  it('says the rule changed when an earlier rule now catches the server', () => {
    const shadowed = policyOf(
      teamPolicy.replace('rules:\n', 'rules:\n  - match: { name: "db-01" }\n    operators: [U0BO]\n'),
    );
    expect(approvalLapses(basis, shadowed, db01, [])).toEqual([
      { code: 'rule_changed', params: { ruleChanged: true } },
    ]);
  });

  it('lapses when an approver who counted is no longer one, and when one cannot be checked', () => {
    const left = person('U0ONA', []);
    const unknown = person('U0ONB', [], ['S0ONCALL']);
    expect(approvalLapses(basis, before, db01, [left, unknown])).toEqual([
      { code: 'approver_left', params: { userId: 'U0ONA' } },
      { code: 'approver_unknown', params: { userId: 'U0ONB', groups: ['S0ONCALL'] } },
    ]);
  });

  it('gives no basis for a decision that needs no approval', () => {
    const allow = decide(before, {
      server: db01,
      action: 'restart',
      person: people.bo,
      channel: 'C0PROD',
      at: at.normal,
    });
    expect(approvalBasis(allow)).toBeNull();
  });
});

describe('mayApprove', () => {
  it('counts the rule’s approvers and says how many are needed', () => {
    expect(mayApprove(before, db01, onCallA)).toMatchObject({
      allowed: true,
      required: 2,
      rule: { index: 0 },
    });
    const refused = mayApprove(before, db01, people.bo);
    expect(refused.allowed).toBe(false);
    expect(refused.reasons.map((r) => r.code)).toEqual(['not_approver']);
  });

  it('follows the server’s rule: a senior approves on web-*, not on db-*', () => {
    expect(mayApprove(before, { provider: 'hostup', name: 'web-01' }, people.bo).allowed).toBe(true);
    expect(mayApprove(before, db01, people.bo).allowed).toBe(false);
  });
});
