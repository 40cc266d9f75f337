import { describe, expect, it } from 'vitest';
import { explainRule, referencedUserGroups } from '../../../src/domain/policy/index.js';
import { at, policyOf, teamPolicy } from './policy-fixtures.js';

const policy = policyOf(teamPolicy);
const db01 = { provider: 'hostup' as const, name: 'db-01' };

describe('explainRule', () => {
  it('previews who may act and approve, what needs approval and the freeze now', () => {
    const preview = explainRule(policy, db01, at.holiday)!;
    expect(preview.rule).toMatchObject({ index: 0, line: 5, names: ['db-*'] });
    expect(preview.operators.written).toEqual(['seniors']);
    expect(preview.approvers.written).toEqual(['oncall']);
    expect(preview.approvals).toBe(2);
    expect(preview.needApproval).toEqual(['stop', 'reset', 'hostname', 'restore', 'restore-from']);
    expect(preview.channels).toEqual(['C0PROD']);
    expect(preview.breakGlass.written).toEqual(['oncall']);
    expect(preview.freeze.active).toMatchObject({
      reason: 'holiday freeze',
      until: Date.parse('2027-01-03T00:00:00Z'),
    });
  });

  it('has no preview for a server no rule matches', () => {
    const narrow = policyOf('rules:\n  - match: { name: "db-*" }\n');
    expect(explainRule(narrow, { provider: 'hostup', name: 'web-01' }, at.normal)).toBeNull();
  });
});

describe('referencedUserGroups', () => {
  it('lists only the user groups the server’s rule uses', () => {
    expect(referencedUserGroups(policy, db01)).toEqual(new Set(['S0SENIORS', 'S0ONCALL']));
    expect(referencedUserGroups(policy, { provider: 'huawei', name: 'ws-01' })).toEqual(new Set());
  });

  it('lists every user group in the policy without a server', () => {
    expect(referencedUserGroups(policy)).toEqual(new Set(['S0SENIORS', 'S0ONCALL', 'S0OPS']));
  });
});
