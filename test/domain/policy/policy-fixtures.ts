import { compilePolicy, type Person, type Policy } from '../../../src/domain/policy/index.js';

/** Compiles YAML that must be valid; a problem fails the test with the report. */
export function policyOf(yaml: string): Policy {
  const result = compilePolicy(yaml, 'test.yml');
  if (!result.ok) throw new Error(`expected a valid policy:\n${JSON.stringify(result.problems, null, 2)}`);
  return result.policy;
}

export function person(userId: string, userGroups: string[] = [], unknownGroups: string[] = []): Person {
  return { userId, userGroups: new Set(userGroups), unknownGroups: new Set(unknownGroups) };
}

/** The example, with a Huawei rule and a hostname rule between it and the catch-all. */
export const teamPolicy = `groups:
  seniors: [U0BO, S0SENIORS]
  oncall:  [S0ONCALL]
rules:
  - match: { name: "db-*" }
    operators: [seniors]
    approvers: [oncall]
    approvals: 2
    require_approval: [reset, stop, hostname]
    channels: [C0PROD]
    freeze:
      - { from: "2026-12-20T00:00:00Z", to: "2027-01-03T00:00:00Z", reason: "holiday freeze" }
      - { weekly: { days: [fri], from: "16:00", to: "23:59", tz: "Europe/Stockholm" }, reason: "no Friday changes" }
    break_glass: [oncall]
  - match: { name: "*", provider: huawei }
    operators: [U0HW]
    approvers: [U0HW, U0AP1]
    approvals: 2
    require_approval: [appserver-hard-reboot]
  - match: { name: "*.internal.example.com" }
    operators: [U0INT]
  - match: { name: "*" }
    operators: [S0OPS]
    approvers: [seniors]
`;

export const people = {
  bo: person('U0BO'),
  senior: person('U0SEN', ['S0SENIORS']),
  seniorOnCall: person('U0ONS', ['S0SENIORS', 'S0ONCALL']),
  onCall: person('U0ONC', ['S0ONCALL']),
  ops: person('U0OPS', ['S0OPS']),
  huawei: person('U0HW'),
  internal: person('U0INT'),
  nobody: person('U0NOBODY'),
  seniorLookupFailed: person('U0SEN', [], ['S0SENIORS']),
};

export const at = {
  /** A Wednesday morning, no freeze. */
  normal: Date.parse('2026-12-02T10:00:00Z'),
  holiday: Date.parse('2026-12-21T10:00:00Z'),
  /** Friday 27 March 2026 is still winter time in Stockholm (UTC+1): 14:30Z is 15:30 there. */
  fridayWinter1430Z: Date.parse('2026-03-27T14:30:00Z'),
  fridayWinter1530Z: Date.parse('2026-03-27T15:30:00Z'),
  /** Friday 3 April 2026 is summer time (UTC+2): the same 14:30Z is 16:30 there. */
  fridaySummer1430Z: Date.parse('2026-04-03T14:30:00Z'),
  fridaySummer1330Z: Date.parse('2026-04-03T13:30:00Z'),
};
