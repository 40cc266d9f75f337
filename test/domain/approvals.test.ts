import { describe, expect, it } from 'vitest';
import { type ApprovableAction, approvableActions, requiresApproval } from '../../src/domain/approvals.js';
import {
  matchBackup,
  matchSnapshot,
  matchSource,
  snapshotGateRefusal,
} from '../../src/domain/restore-choices.js';
import type { RestoreSource, SnapshotList } from '../../src/domain/vps.js';

const every = new Set<ApprovableAction>(approvableActions);
const none = new Set<ApprovableAction>();

const snap = (name: string) => ({
  name,
  displayId: `snap-${name}`,
  description: null,
  createdAt: null,
  expiresAt: null,
  includesMemoryState: false,
});
const list: SnapshotList = { snapshots: [snap('before-upgrade'), snap('Nightly')], totalLimit: 3 };
const sources: RestoreSource[] = [
  {
    id: 'vps_db01',
    name: 'db-01',
    serviceStatus: 'active',
    sourceType: 'server',
    backups: [{ id: 'bkp_1', displayId: '#1', createdAt: null, sizeGb: 4 }],
  },
  { id: 'vps_web02', name: 'web-02', serviceStatus: 'active', sourceType: 'server', backups: [] },
];

describe('which actions need approval', () => {
  it('always requires approval for both restores, whatever is configured', () => {
    for (const configured of [none, every]) {
      expect(requiresApproval({ kind: 'restore' }, configured)).toBe(true);
      expect(requiresApproval({ kind: 'restore-from' }, configured)).toBe(true);
    }
  });

  it('requires it for reset, stop, hostname and hard app-server reboots only when configured', () => {
    expect(requiresApproval({ kind: 'power', action: 'reset' }, none)).toBe(false);
    expect(requiresApproval({ kind: 'power', action: 'reset' }, new Set(['reset']))).toBe(true);
    expect(requiresApproval({ kind: 'power', action: 'stop' }, new Set(['reset']))).toBe(false);
    expect(requiresApproval({ kind: 'power', action: 'restart' }, every)).toBe(false);
    expect(requiresApproval({ kind: 'hostname' }, new Set(['hostname']))).toBe(true);
    expect(requiresApproval({ kind: 'appserver-reboot', hard: true }, every)).toBe(true);
    expect(requiresApproval({ kind: 'appserver-reboot', hard: false }, every)).toBe(false);
  });
});

describe('matching typed names against the API’s lists', () => {
  it('finds a snapshot by exact name, unique case-insensitive name or display id, and lists them otherwise', () => {
    expect(matchSnapshot('web-01', list, 'before-upgrade')).toMatchObject({
      ok: true,
      value: { name: 'before-upgrade' },
    });
    expect(matchSnapshot('web-01', list, 'nightly')).toMatchObject({ ok: true, value: { name: 'Nightly' } });
    expect(matchSnapshot('web-01', list, 'snap-Nightly')).toMatchObject({ ok: true });
    expect(matchSnapshot('web-01', list, 'gone')).toEqual({
      ok: false,
      refusal: {
        code: 'snapshot_unknown',
        server: 'web-01',
        typed: 'gone',
        known: ['before-upgrade', 'Nightly'],
      },
    });
    expect(matchSnapshot('web-01', { ...list, snapshots: [] }, 'x')).toEqual({
      ok: false,
      refusal: { code: 'no_snapshots', server: 'web-01' },
    });
  });

  it('refuses restoring when the snapshot list’s gate says no, with the API’s reason', () => {
    const gated = {
      ...list,
      canRestore: { allowed: false, reason: 'Another operation is in progress', code: null },
    };
    expect(snapshotGateRefusal('web-01', gated)).toEqual({
      code: 'gate_closed',
      action: 'restore',
      server: 'web-01',
      reason: 'Another operation is in progress',
    });
    expect(snapshotGateRefusal('web-01', list)).toBeNull();
  });

  it('refuses the target as its own source, by name or id, before anything else', () => {
    const target = { id: 'vps_web02', name: 'web-02' };
    expect(matchSource(target, sources, 'WEB-02')).toEqual({
      ok: false,
      refusal: { code: 'source_is_target', server: 'web-02' },
    });
    expect(matchSource(target, sources, 'vps_web02')).toMatchObject({ ok: false });
    expect(matchSource(target, sources, 'db-01')).toMatchObject({ ok: true, value: { id: 'vps_db01' } });
    expect(matchSource(target, sources, 'nope')).toEqual({
      ok: false,
      refusal: { code: 'source_unknown', server: 'web-02', typed: 'nope', known: ['db-01', 'web-02'] },
    });
  });

  it('finds a backup by id or display id only among the source’s own backups', () => {
    expect(matchBackup(sources[0]!, 'bkp_1')).toMatchObject({ ok: true });
    expect(matchBackup(sources[0]!, '#1')).toMatchObject({ ok: true, value: { id: 'bkp_1' } });
    expect(matchBackup(sources[0]!, 'bkp_2')).toEqual({
      ok: false,
      refusal: { code: 'backup_unknown', source: 'db-01', typed: 'bkp_2', known: ['bkp_1'] },
    });
  });
});
