import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { type ApprovalQuestion, requiresApproval } from '../../../src/domain/approvals.js';
import {
  type AccessSettings,
  decide,
  mayApprove,
  type PolicyAction,
  policyFromSettings,
} from '../../../src/domain/policy/index.js';
import { AccessPolicy, parseSubjects } from '../../../src/domain/policy.js';
import { person } from './policy-fixtures.js';

const settings: AccessSettings = {
  operators: ['U0ALICE', 'S0OPS'],
  approvers: ['U0BOSS', 'S0LEADS'],
  allowedChannels: ['C0OPS', 'C0PROD'],
  approvalsRequired: 2,
  requireApproval: ['reset', 'hostname', 'appserver-hard-reboot'],
};
const directory: Record<string, string[]> = { S0OPS: ['U0OPSY'], S0LEADS: ['U0LEAD'] };
const everyone = ['U0ALICE', 'U0BOSS', 'U0OPSY', 'U0LEAD', 'U0NOBODY'];
const channels = ['C0OPS', 'C0PROD', 'C0RANDOM'];
const groupsOf = (userId: string) => Object.keys(directory).filter((g) => directory[g]!.includes(userId));
const at = Date.parse('2026-06-01T12:00:00Z');

/** Today's AccessPolicy, configured from the same settings. */
function accessPolicy(s: AccessSettings) {
  return new AccessPolicy({
    channels: new Set(s.allowedChannels),
    operators: toSubjects(s.operators),
    approvers: toSubjects(s.approvers),
    membersOf: async (g) => directory[g] ?? [],
    clock: new ManualClock(),
  });
}
function toSubjects(ids: readonly string[]) {
  const parsed = parseSubjects(ids.join(','));
  return { users: parsed.users, groups: parsed.groups };
}

/** Each policy action and the question today's requiresApproval() is asked for it. */
const questions: [PolicyAction, ApprovalQuestion][] = [
  ['start', { kind: 'power', action: 'start' }],
  ['shutdown', { kind: 'power', action: 'shutdown' }],
  ['stop', { kind: 'power', action: 'stop' }],
  ['restart', { kind: 'power', action: 'restart' }],
  ['force-restart', { kind: 'power', action: 'restart', force: true }],
  ['reset', { kind: 'power', action: 'reset' }],
  ['hostname', { kind: 'hostname' }],
  ['restore', { kind: 'restore' }],
  ['restore-from', { kind: 'restore-from' }],
  ['appserver-reboot', { kind: 'appserver-reboot', hard: false }],
  ['appserver-hard-reboot', { kind: 'appserver-reboot', hard: true }],
];

describe('policyFromSettings', () => {
  const policy = policyFromSettings(settings);
  const today = accessPolicy(settings);
  const server = { provider: 'hostup' as const, name: 'anything-01' };

  it('lets read exactly where AccessPolicy answers', () => {
    for (const channel of channels) {
      const verdict = decide(policy, {
        server: null,
        action: 'read',
        person: person('U0NOBODY'),
        channel,
        at,
      }).verdict;
      expect({ channel, allowed: verdict === 'allow' }).toEqual({
        channel,
        allowed: today.canRead(channel).allowed,
      });
    }
  });

  it('lets act exactly whom AccessPolicy lets act, in the allowed channels', async () => {
    for (const userId of everyone) {
      const who = person(userId, groupsOf(userId));
      const verdict = decide(policy, {
        server,
        action: 'restart',
        person: who,
        channel: 'C0OPS',
        at,
      }).verdict;
      const allowed = (await today.canAct(userId)).allowed;
      expect({ userId, allowed: verdict !== 'deny' }).toEqual({ userId, allowed });
    }
  });

  it('counts as approvers exactly those AccessPolicy does', async () => {
    for (const userId of everyone) {
      const check = mayApprove(policy, server, person(userId, groupsOf(userId)));
      expect({ userId, allowed: check.allowed }).toEqual({
        userId,
        allowed: (await today.canApprove(userId)).allowed,
      });
      expect(check.required).toBe(2);
    }
  });

  it('puts behind approval exactly what requiresApproval() does', () => {
    const configured = new Set(settings.requireApproval);
    for (const [action, question] of questions) {
      const d = decide(policy, { server, action, person: person('U0ALICE'), channel: 'C0OPS', at });
      expect({ action, approval: d.verdict === 'approval' }).toEqual({
        action,
        approval: requiresApproval(question, configured),
      });
    }
  });

  it('answers in every channel and needs the restores approved when nothing is set', () => {
    const open = policyFromSettings({
      operators: [],
      approvers: [],
      allowedChannels: [],
      approvalsRequired: 1,
      requireApproval: [],
    });
    expect(
      decide(open, { server: null, action: 'read', person: person('U0X'), channel: 'C0ANY', at }).verdict,
    ).toBe('allow');
    const restore = decide(open, { server, action: 'restore', person: person('U0X'), channel: 'C0ANY', at });
    expect(restore.reasons.map((r) => r.code)).toEqual(['no_operators']);
    expect(open.rules[0]!.requireApproval).toEqual(new Set(['restore', 'restore-from']));
  });

  it('changes its hash when a setting changes, and not when only the order does', () => {
    const reordered = policyFromSettings({ ...settings, operators: ['S0OPS', 'U0ALICE'] });
    const changed = policyFromSettings({ ...settings, approvalsRequired: 1 });
    expect(reordered.hash).toBe(policy.hash);
    expect(changed.hash).not.toBe(policy.hash);
    expect(changed.rules[0]!.fingerprint).not.toBe(policy.rules[0]!.fingerprint);
  });
});
