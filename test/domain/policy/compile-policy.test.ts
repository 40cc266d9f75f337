import { describe, expect, it } from 'vitest';
import { compilePolicy, formatProblem, type PolicyProblemCode } from '../../../src/domain/policy/index.js';
import { policyOf, teamPolicy } from './policy-fixtures.js';

function problemsOf(yaml: string) {
  const result = compilePolicy(yaml, 'test.yml');
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.problems;
}

/** A rule for every server, after which a case adds its own lines. */
const rule = (lines: string) => `rules:\n  - match: { name: "*" }\n    operators: [U0BO]\n${lines}`;

interface Case {
  readonly name: string;
  readonly yaml: string;
  readonly line: number;
  readonly code: PolicyProblemCode;
  /** Part of what the report tells the reader to write. */
  readonly fix: string;
}

const cases: Case[] = [
  {
    name: 'YAML that does not parse',
    yaml: 'rules:\n  - match: { name: "*"\n',
    line: 3,
    code: 'yaml_syntax',
    fix: 'valid YAML',
  },
  { name: 'an empty file', yaml: '', line: 1, code: 'no_rules', fix: 'rules:' },
  { name: 'an empty rules list', yaml: 'rules: []\n', line: 1, code: 'no_rules', fix: 'operators: [S0OPS]' },
  {
    name: 'an unknown top-level key',
    yaml: `grups:\n  a: [U0BO]\n${rule('')}`,
    line: 1,
    code: 'unknown_key',
    fix: 'groups',
  },
  {
    name: 'an unknown rule key',
    yaml: rule('    aprovers: [U0BO]\n'),
    line: 4,
    code: 'unknown_key',
    fix: 'approvers',
  },
  {
    name: 'an unknown match key',
    yaml: 'rules:\n  - match: { nme: "*" }\n',
    line: 2,
    code: 'unknown_key',
    fix: 'name',
  },
  {
    name: 'a key given twice',
    yaml: rule('    operators: [U0AL]\n'),
    line: 4,
    code: 'duplicate_key',
    fix: '"operators" once',
  },
  {
    name: 'a rule without match',
    yaml: 'rules:\n  - operators: [U0BO]\n',
    line: 2,
    code: 'missing_key',
    fix: 'match: { name: "*" }',
  },
  {
    name: 'an unknown action',
    yaml: rule('    require_approval: [rstart]\n'),
    line: 4,
    code: 'unknown_action',
    fix: 'restart',
  },
  {
    name: 'read is not an action to approve',
    yaml: rule('    require_approval: [read]\n'),
    line: 4,
    code: 'unknown_action',
    fix: 'one of start',
  },
  {
    name: 'an unknown group',
    yaml: `groups:\n  seniors: [U0BO]\n${rule('    approvers: [senoirs]\n')}`,
    line: 6,
    code: 'unknown_group',
    fix: 'seniors',
  },
  {
    name: 'an unknown group with no groups defined',
    yaml: rule('    approvers: [leads]\n'),
    line: 4,
    code: 'unknown_group',
    fix: 'define the group under groups:',
  },
  { name: 'a lower-case id', yaml: rule('    approvers: [u0bo]\n'), line: 4, code: 'bad_id', fix: 'U0BO' },
  {
    name: 'a group inside a group',
    yaml: `groups:\n  a: [U0BO]\n  b: [a]\n${rule('')}`,
    line: 3,
    code: 'bad_id',
    fix: "its members' ids",
  },
  {
    name: 'a bad channel id',
    yaml: rule('    channels: [general]\n'),
    line: 4,
    code: 'bad_id',
    fix: 'a channel id like C0123ABCD',
  },
  {
    name: 'an unclosed class in a glob',
    yaml: 'rules:\n  - match: { name: "db-[0-9" }\n',
    line: 2,
    code: 'bad_glob',
    fix: 'drop the "["',
  },
  {
    name: 'braces in a glob',
    yaml: 'rules:\n  - match: { name: "{db,pg}-*" }\n',
    line: 2,
    code: 'bad_glob',
    fix: 'a list instead',
  },
  {
    name: 'an unknown provider',
    yaml: 'rules:\n  - match: { name: "*", provider: hostpu }\n',
    line: 2,
    code: 'bad_provider',
    fix: 'hostup',
  },
  {
    name: 'zero approvals',
    yaml: rule('    approvers: [U0AL]\n    approvals: 0\n'),
    line: 5,
    code: 'bad_number',
    fix: 'approvals: 1',
  },
  {
    name: 'more approvals than listed approvers',
    yaml: rule('    approvers: [U0AL]\n    approvals: 2\n'),
    line: 5,
    code: 'too_few_approvers',
    fix: 'approvals: 1',
  },
  {
    name: 'an inverted freeze',
    yaml: rule('    freeze:\n      - { from: "2027-01-03T00:00:00Z", to: "2026-12-20T00:00:00Z" }\n'),
    line: 5,
    code: 'freeze_inverted',
    fix: 'from: "2026-12-20T00:00:00Z", to: "2027-01-03T00:00:00Z"',
  },
  {
    name: 'a freeze instant without a zone',
    yaml: rule('    freeze:\n      - { from: "2026-12-20T00:00:00", to: "2027-01-03T00:00:00Z" }\n'),
    line: 5,
    code: 'bad_time',
    fix: 'the same with a zone',
  },
  {
    name: 'a freeze on a day that does not exist',
    yaml: rule('    freeze:\n      - { from: "2026-02-30T00:00:00Z", to: "2027-01-03T00:00:00Z" }\n'),
    line: 5,
    code: 'bad_time',
    fix: 'e.g. from:',
  },
  {
    name: 'overlapping freezes',
    yaml: rule(
      '    freeze:\n      - { from: "2026-12-01T00:00:00Z", to: "2026-12-10T00:00:00Z" }\n      - { from: "2026-12-05T00:00:00Z", to: "2026-12-12T00:00:00Z" }\n',
    ),
    line: 6,
    code: 'freeze_overlap',
    fix: 'one window from "2026-12-01T00:00:00Z" to "2026-12-12T00:00:00Z"',
  },
  {
    name: 'a weekly window on a bad day',
    yaml: rule('    freeze:\n      - weekly: { days: [fir], from: "16:00", to: "18:00", tz: UTC }\n'),
    line: 5,
    code: 'bad_day',
    fix: 'fri',
  },
  {
    name: 'a weekly window at a bad time',
    yaml: rule('    freeze:\n      - weekly: { days: [fri], from: "16:60", to: "18:00", tz: UTC }\n'),
    line: 5,
    code: 'bad_time',
    fix: '"HH:MM"',
  },
  {
    name: 'a weekly window in an unknown zone',
    yaml: rule(
      '    freeze:\n      - weekly: { days: [fri], from: "16:00", to: "18:00", tz: "Europe/Stokholm" }\n',
    ),
    line: 5,
    code: 'bad_timezone',
    fix: 'Europe/Stockholm',
  },
  {
    name: 'a weekly window without a zone',
    yaml: rule('    freeze:\n      - weekly: { days: [fri], from: "16:00", to: "18:00" }\n'),
    line: 5,
    code: 'missing_key',
    fix: 'tz: "Europe/Stockholm"',
  },
  {
    name: 'an empty weekly window',
    yaml: rule('    freeze:\n      - weekly: { days: [fri], from: "16:00", to: "16:00", tz: UTC }\n'),
    line: 5,
    code: 'freeze_inverted',
    fix: 'a "to" later than "from"',
  },
  {
    name: 'a rule after a catch-all',
    yaml: `${rule('')}  - match: { name: "db-*" }\n    operators: [U0BO]\n`,
    line: 4,
    code: 'unreachable_rule',
    fix: 'this rule above line 2',
  },
  {
    name: 'a rule with the same match as an earlier one',
    yaml: 'rules:\n  - match: { name: [db-*, pg-*] }\n  - match: { name: "DB-*" }\n',
    line: 3,
    code: 'unreachable_rule',
    fix: 'a narrower match on rule 1',
  },
  {
    name: 'an acting channel where /vps never answers',
    yaml: `read_channels: [C0OPS]\n${rule('    channels: [C0PROD]\n')}`,
    line: 3,
    code: 'channel_never_read',
    fix: 'read_channels with C0PROD added',
  },
  {
    name: 'a bad safety point',
    yaml: rule('    safety_point: always\n'),
    line: 4,
    code: 'bad_choice',
    fix: 'one of required, when_possible, off',
  },
  {
    name: 'a grace period out of range',
    yaml: rule('    grace_seconds: -5\n'),
    line: 4,
    code: 'bad_number',
    fix: 'grace_seconds: 0',
  },
  {
    name: 'a canary that is not true or false',
    yaml: rule('    canary: sometimes\n'),
    line: 4,
    code: 'bad_choice',
    fix: 'canary: true',
  },
];

describe('compilePolicy refuses a bad file', () => {
  it.each(cases)('$name', (c) => {
    const problems = problemsOf(c.yaml);
    expect(problems).toContainEqual(
      expect.objectContaining({ line: c.line, code: c.code, fix: expect.stringContaining(c.fix) }),
    );
  });
});

describe('compilePolicy', () => {
  it('reports every problem of a file at once, in line order', () => {
    const yaml = `groups:\n  seniors: [U0BO]\nrules:\n  - match: { name: "db-[" }\n    operators: [senoirs]\n    require_approval: [rstart]\n  - match: { name: "*" }\n    operators: [u0ops]\n`;
    expect(problemsOf(yaml).map(formatProblem)).toEqual([
      'line 4: bad pattern "db-[": "[" at position 4 is never closed; write "db-[0-9]…" or drop the "["',
      'line 5: unknown group "senoirs"; write seniors',
      'line 6: unknown action "rstart"; write restart',
      'line 8: "u0ops" is not a Slack user or user-group id; write U0OPS',
    ]);
  });

  it('resolves groups to ids in every role', () => {
    const rule = policyOf(teamPolicy).rules[0]!;
    expect(rule.operators.subjects).toEqual({ users: new Set(['U0BO']), userGroups: new Set(['S0SENIORS']) });
    expect(rule.approvers.subjects).toEqual({ users: new Set(), userGroups: new Set(['S0ONCALL']) });
    expect(rule.breakGlass.written).toEqual(['oncall']);
    expect([...rule.requireApproval].sort()).toEqual([
      'hostname',
      'reset',
      'restore',
      'restore-from',
      'stop',
    ]);
  });

  it('fills in the defaults of the safety keys and reads them when given', () => {
    const p = policyOf(rule('    safety_point: required\n    grace_seconds: 0\n    canary: false\n'));
    expect(p.rules[0]!.safety).toEqual({ safetyPoint: 'required', graceSeconds: 0, canary: false });
    expect(policyOf(rule('')).rules[0]!.safety).toEqual({
      safetyPoint: 'when_possible',
      graceSeconds: 30,
      canary: null,
    });
  });

  it('hashes the file and fingerprints each rule by meaning, not position or wording', () => {
    const a = policyOf(teamPolicy);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    const reworded = policyOf(`# a comment\n${teamPolicy}`);
    expect(reworded.hash).not.toBe(a.hash);
    expect(reworded.rules.map((r) => r.fingerprint)).toEqual(a.rules.map((r) => r.fingerprint));
    const moreOnCall = policyOf(teamPolicy.replace('oncall:  [S0ONCALL]', 'oncall:  [S0ONCALL, U0NEW]'));
    expect(moreOnCall.rules[0]!.fingerprint).not.toBe(a.rules[0]!.fingerprint);
    expect(moreOnCall.rules[3]!.fingerprint).toBe(a.rules[3]!.fingerprint);
  });

  it('reads YAML anchors the way YAML means them', () => {
    const p = policyOf(
      'rules:\n  - match: { name: "db-*" }\n    operators: &admins [U0BO, S0OPS]\n  - match: { name: "*" }\n    operators: *admins\n',
    );
    expect(p.rules[1]!.operators.subjects.userGroups).toEqual(new Set(['S0OPS']));
  });
});

describe('compilePolicy on hostile YAML', () => {
  it('refuses aliases that multiply without end, quickly', () => {
    const levels = ['a0: &a0 [U0BO, U0BO, U0BO, U0BO, U0BO, U0BO, U0BO, U0BO, U0BO, U0BO]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const started = performance.now();
    const problems = problemsOf(`x:\n${levels.map((l) => `  ${l}`).join('\n')}\nrules: []\n`);
    expect(problems.map((p) => p.code)).toEqual(['yaml_syntax']);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
