import { describe, expect, it } from 'vitest';
import { decide, type Person } from '../../../src/domain/policy/index.js';
import {
  appServer,
  type DecisionCase,
  outcome,
  teamPolicyCompiled as policy,
  vps,
} from './decision-cases.js';
import { at, people, person, policyOf, teamPolicy } from './policy-fixtures.js';

const cases: DecisionCase[] = [
  // Who may act, first match wins.
  {
    name: 'a senior may restart a database server',
    server: vps('db-01'),
    action: 'restart',
    who: people.bo,
    channel: 'C0PROD',
    verdict: 'allow',
    rule: 0,
    reasons: [],
  },
  {
    name: 'a member of the seniors user group may too',
    server: vps('db-01'),
    action: 'restart',
    who: people.senior,
    channel: 'C0PROD',
    verdict: 'allow',
    rule: 0,
    reasons: [],
  },
  {
    name: 'a non-senior is refused on db-*',
    server: vps('db-01'),
    action: 'restart',
    who: people.ops,
    channel: 'C0PROD',
    verdict: 'deny',
    rule: 0,
    reasons: ['not_operator'],
  },
  {
    name: 'the same person is allowed on web-*',
    server: vps('web-01'),
    action: 'restart',
    who: people.ops,
    channel: 'C0PROD',
    verdict: 'allow',
    rule: 3,
    reasons: [],
  },
  {
    name: 'the first matching rule wins over the catch-all',
    server: vps('DB-02'),
    action: 'start',
    who: people.ops,
    channel: 'C0PROD',
    verdict: 'deny',
    rule: 0,
    reasons: ['not_operator'],
  },
  {
    name: 'a failed group lookup denies and says so',
    server: vps('db-01'),
    action: 'restart',
    who: people.seniorLookupFailed,
    channel: 'C0PROD',
    verdict: 'deny',
    rule: 0,
    reasons: ['membership_unknown'],
  },
  // Approval.
  {
    name: 'reset on db-* needs 2 approvals',
    server: vps('db-01'),
    action: 'reset',
    who: people.bo,
    channel: 'C0PROD',
    verdict: 'approval',
    rule: 0,
    reasons: ['approval_required'],
  },
  {
    name: 'restart on db-* needs none',
    server: vps('db-01'),
    action: 'shutdown',
    who: people.bo,
    channel: 'C0PROD',
    verdict: 'allow',
    rule: 0,
    reasons: [],
  },
  {
    name: 'a restore needs approval though the rule does not list it',
    server: vps('web-01'),
    action: 'restore',
    who: people.ops,
    verdict: 'approval',
    rule: 3,
    reasons: ['approval_required'],
  },
  {
    name: 'an approval that could never gather enough people is refused at once',
    server: appServer('ws-01'),
    action: 'appserver-hard-reboot',
    who: people.huawei,
    verdict: 'deny',
    rule: 1,
    reasons: ['too_few_approvers'],
  },
  {
    name: 'a rule without approvers refuses what needs approval',
    server: vps('box', 'box.internal.example.com'),
    action: 'restore',
    who: people.internal,
    verdict: 'deny',
    rule: 2,
    reasons: ['no_approvers'],
  },
  // Channels.
  {
    name: 'an action on db-* outside its channel is refused',
    server: vps('db-01'),
    action: 'restart',
    who: people.bo,
    channel: 'C0OPS',
    verdict: 'deny',
    rule: 0,
    reasons: ['channel_not_allowed'],
  },
  {
    name: 'every refusal is given at once',
    server: vps('db-01'),
    action: 'restart',
    who: people.nobody,
    channel: 'C0OPS',
    at: at.holiday,
    verdict: 'deny',
    rule: 0,
    reasons: ['channel_not_allowed', 'not_operator', 'frozen'],
  },
  // Provider and hostname matches.
  {
    name: 'a Huawei app server falls to the provider rule',
    server: appServer('ws-01'),
    action: 'appserver-reboot',
    who: people.huawei,
    verdict: 'allow',
    rule: 1,
    reasons: [],
  },
  {
    name: 'a HostUp VPS of the same name does not',
    server: vps('ws-01'),
    action: 'restart',
    who: people.huawei,
    verdict: 'deny',
    rule: 3,
    reasons: ['not_operator'],
  },
  {
    name: 'a hostname glob matches on the hostname',
    server: vps('box7', 'box7.internal.example.com'),
    action: 'restart',
    who: people.internal,
    verdict: 'allow',
    rule: 2,
    reasons: [],
  },
];

describe('decide', () => {
  it.each(cases)('$name', (c) => {
    const { actual, expected } = outcome(c);
    expect(actual).toEqual(expected);
  });

  it('says who will be asked and how many must agree', () => {
    const d = decide(policy, {
      server: vps('db-01'),
      action: 'hostname',
      person: people.bo,
      channel: 'C0PROD',
      at: at.normal,
    });
    expect(d.approval).toEqual({
      required: 2,
      approvers: { users: new Set(), userGroups: new Set(['S0ONCALL']) },
      written: ['oncall'],
      ttlMinutes: null,
    });
  });

  it('refuses acting on a server no rule matches', () => {
    const narrow = policyOf('rules:\n  - match: { name: "db-*" }\n    operators: [U0BO]\n');
    const d = decide(narrow, {
      server: vps('web-01'),
      action: 'start',
      person: people.bo,
      channel: 'C0X',
      at: at.normal,
    });
    expect(d).toMatchObject({
      verdict: 'deny',
      rule: null,
      reasons: [{ code: 'no_rule', params: { server: 'web-01' } }],
    });
  });

  it('refuses acting where a rule names no operators', () => {
    const readOnly = policyOf('rules:\n  - match: { name: "*" }\n    approvers: [U0BO]\n');
    const d = decide(readOnly, {
      server: vps('web-01'),
      action: 'start',
      person: people.bo,
      channel: 'C0X',
      at: at.normal,
    });
    expect(d.reasons.map((r) => r.code)).toEqual(['no_operators']);
  });

  it('governs reading by read_channels alone, with no rule involved', () => {
    const withRead = policyOf(
      `read_channels: [C0OPS]\n${teamPolicy.replace('channels: [C0PROD]', 'channels: [C0OPS]')}`,
    );
    const read = (p: typeof policy, channel: string, who = people.nobody) =>
      decide(p, { server: vps('db-01'), action: 'read', person: who, channel, at: at.holiday });
    expect(read(withRead, 'C0OPS')).toMatchObject({ verdict: 'allow', rule: null, reasons: [] });
    expect(read(withRead, 'C0PROD')).toMatchObject({
      verdict: 'deny',
      reasons: [
        { code: 'channel_not_allowed', params: { channel: 'C0PROD', allowed: ['C0OPS'], scope: 'read' } },
      ],
    });
    expect(read(policy, 'C0ANYWHERE').verdict).toBe('allow');
  });

  it('refuses acting where /vps does not answer, before the rule is consulted', () => {
    const withRead = policyOf(`read_channels: [C0PROD]\n${teamPolicy}`);
    const d = decide(withRead, {
      server: vps('web-01'),
      action: 'start',
      person: people.ops,
      channel: 'C0OTHER',
      at: at.normal,
    });
    expect(d.reasons).toEqual([
      { code: 'channel_not_allowed', params: { channel: 'C0OTHER', allowed: ['C0PROD'], scope: 'read' } },
    ]);
  });

  it('counts a requester out of the approvers listed by id', () => {
    const two = policyOf(
      'rules:\n  - match: { name: "*" }\n    operators: [U0A, U0B]\n    approvers: [U0A, U0B]\n    require_approval: [stop]\n',
    );
    const ask = (who: Person) =>
      decide(two, { server: vps('x'), action: 'stop', person: who, channel: 'C0X', at: at.normal });
    expect(ask(person('U0A')).verdict).toBe('approval');
    const three = policyOf(
      'rules:\n  - match: { name: "*" }\n    operators: [U0A]\n    approvers: [U0A, U0B]\n    approvals: 2\n',
    );
    const d = decide(three, {
      server: vps('x'),
      action: 'restore',
      person: person('U0A'),
      channel: 'C0X',
      at: at.normal,
    });
    expect(d.reasons).toEqual([{ code: 'too_few_approvers', params: { required: 2, possible: 1 } }]);
  });
});
