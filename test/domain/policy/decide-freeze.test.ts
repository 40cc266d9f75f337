import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/domain/policy/index.js';
import { type DecisionCase, outcome, teamPolicyCompiled as policy, vps } from './decision-cases.js';
import { at, people } from './policy-fixtures.js';

const cases: DecisionCase[] = [
  // Freezes.
  {
    name: 'the holiday freeze refuses acting',
    server: vps('db-01'),
    action: 'start',
    who: people.bo,
    channel: 'C0PROD',
    at: at.holiday,
    verdict: 'deny',
    rule: 0,
    reasons: ['frozen'],
  },
  {
    name: 'a freeze on db-* does not touch web-*',
    server: vps('web-01'),
    action: 'start',
    who: people.ops,
    at: at.holiday,
    verdict: 'allow',
    rule: 3,
    reasons: [],
  },
  {
    name: 'Friday 16:30 in Stockholm in summer (14:30Z) is frozen',
    server: vps('db-01'),
    action: 'restart',
    who: people.bo,
    channel: 'C0PROD',
    at: at.fridaySummer1430Z,
    verdict: 'deny',
    rule: 0,
    reasons: ['frozen'],
  },
  {
    name: 'Friday 15:30 in Stockholm in summer (13:30Z) is not',
    server: vps('db-01'),
    action: 'restart',
    who: people.bo,
    channel: 'C0PROD',
    at: at.fridaySummer1330Z,
    verdict: 'allow',
    rule: 0,
    reasons: [],
  },
  {
    name: 'the same 14:30Z before the DST change is 15:30 there: not frozen',
    server: vps('db-01'),
    action: 'restart',
    who: people.bo,
    channel: 'C0PROD',
    at: at.fridayWinter1430Z,
    verdict: 'allow',
    rule: 0,
    reasons: [],
  },
  {
    name: '15:30Z before the DST change is 16:30 there: frozen',
    server: vps('db-01'),
    action: 'restart',
    who: people.bo,
    channel: 'C0PROD',
    at: at.fridayWinter1530Z,
    verdict: 'deny',
    rule: 0,
    reasons: ['frozen'],
  },
  // Break-glass.
  {
    name: 'break-glass by an on-call senior acts through a freeze',
    server: vps('db-01'),
    action: 'restart',
    who: people.seniorOnCall,
    channel: 'C0PROD',
    at: at.holiday,
    breakGlass: 'db down, INC-42',
    verdict: 'allow',
    rule: 0,
    reasons: ['break_glass_used'],
  },
  {
    name: 'break-glass skips waiting for approval',
    server: vps('db-01'),
    action: 'reset',
    who: people.seniorOnCall,
    channel: 'C0PROD',
    breakGlass: 'hung kernel',
    verdict: 'allow',
    rule: 0,
    reasons: ['break_glass_used'],
  },
  {
    name: 'break-glass never skips the approval of a restore',
    server: vps('db-01'),
    action: 'restore',
    who: people.seniorOnCall,
    channel: 'C0PROD',
    at: at.holiday,
    breakGlass: 'bad migration',
    verdict: 'approval',
    rule: 0,
    reasons: ['approval_required', 'break_glass_used'],
  },
  {
    name: 'break-glass by a senior who is not on call is refused',
    server: vps('db-01'),
    action: 'restart',
    who: people.bo,
    channel: 'C0PROD',
    at: at.holiday,
    breakGlass: 'urgent',
    verdict: 'deny',
    rule: 0,
    reasons: ['break_glass_not_allowed', 'frozen'],
  },
  {
    name: 'break-glass with an empty reason is refused',
    server: vps('db-01'),
    action: 'restart',
    who: people.seniorOnCall,
    channel: 'C0PROD',
    at: at.holiday,
    breakGlass: '   ',
    verdict: 'deny',
    rule: 0,
    reasons: ['break_glass_reason_missing', 'frozen'],
  },
  {
    name: 'break-glass does not make an on-call member an operator',
    server: vps('db-01'),
    action: 'restart',
    who: people.onCall,
    channel: 'C0PROD',
    at: at.holiday,
    breakGlass: 'urgent',
    verdict: 'deny',
    rule: 0,
    reasons: ['not_operator', 'frozen'],
  },
];

describe('decide with freezes and break-glass', () => {
  it.each(cases)('$name', (c) => {
    const { actual, expected } = outcome(c);
    expect(actual).toEqual(expected);
  });

  it('says until when a freeze holds and why', () => {
    const d = decide(policy, {
      server: vps('db-01'),
      action: 'start',
      person: people.bo,
      channel: 'C0PROD',
      at: at.holiday,
    });
    expect(d.reasons[0]).toEqual({
      code: 'frozen',
      params: {
        kind: 'absolute',
        from: Date.parse('2026-12-20T00:00:00Z'),
        until: Date.parse('2027-01-03T00:00:00Z'),
        reason: 'holiday freeze',
        line: 12,
        timeZone: null,
      },
    });
    expect(d.rule).toMatchObject({ index: 0, line: 5, names: ['db-*'] });
  });

  it('ends a Friday freeze at local midnight, which is 22:00Z in summer', () => {
    const d = decide(policy, {
      server: vps('db-01'),
      action: 'start',
      person: people.bo,
      channel: 'C0PROD',
      at: at.fridaySummer1430Z,
    });
    expect(d.freeze?.active).toMatchObject({
      kind: 'weekly',
      until: Date.parse('2026-04-03T22:00:00Z'),
      reason: 'no Friday changes',
      timeZone: 'Europe/Stockholm',
    });
  });

  it('warns of a freeze starting within a day, and not of one further off', () => {
    const ask = (when: string) =>
      decide(policy, {
        server: vps('db-01'),
        action: 'start',
        person: people.bo,
        channel: 'C0PROD',
        at: Date.parse(when),
      }).freeze?.upcoming;
    expect(ask('2026-12-19T12:00:00Z')).toMatchObject({
      kind: 'absolute',
      from: Date.parse('2026-12-20T00:00:00Z'),
    });
    expect(ask('2026-12-18T12:00:00Z')).toMatchObject({
      kind: 'weekly',
      from: Date.parse('2026-12-18T15:00:00Z'),
    });
    expect(ask('2026-12-15T12:00:00Z')).toBeNull();
  });

  it('marks a break-glass with what it let the person skip', () => {
    const d = decide(policy, {
      server: vps('db-01'),
      action: 'reset',
      person: people.seniorOnCall,
      channel: 'C0PROD',
      at: at.holiday,
      breakGlass: { reason: '  db down  ' },
    });
    expect(d.breakGlass).toEqual({ reason: 'db down', skipped: ['freeze', 'approval'] });
  });
});
