import { describe, expect, it } from 'vitest';
import type { AppServerRebootRequest, SnapshotRequest } from '../../src/domain/action-request.js';
import { parseCommand } from '../../src/domain/commands.js';
import {
  afterStep,
  canarySteps,
  newSteps,
  recordStep,
  remainingServers,
  safetyTaken,
  stepsOf,
} from '../../src/domain/operation-steps.js';
import { safetyPreview } from '../../src/domain/safety-preview.js';
import { snapshotName, validateSnapshotName } from '../../src/domain/snapshot-names.js';

const at = Date.parse('2026-12-01T12:03:59Z');
const vps = { vpsId: 'vps_web01', vpsName: 'web-01' };
const safety: SnapshotRequest = {
  kind: 'snapshot',
  ...vps,
  name: 'pre-restore-20261201-1203',
  purpose: 'safety',
};
const restore = {
  kind: 'restore' as const,
  ...vps,
  snapshot: { name: 'before-upgrade', createdAt: null, expiresAt: null },
};
const reboot = (n: number): AppServerRebootRequest => ({
  kind: 'appserver-reboot',
  hard: true,
  servers: Array.from({ length: n }, (_, i) => ({ id: `id${i + 1}`, name: `app-${i + 1}`, sessionCount: 0 })),
});

describe('snapshot names', () => {
  it('names a safety point and a manual snapshot by the UTC minute, and avoids names the VPS has', () => {
    expect(snapshotName('safety', at, [])).toBe('pre-restore-20261201-1203');
    expect(snapshotName('manual', at, ['other'])).toBe('manual-20261201-1203');
    expect(snapshotName('safety', at, ['pre-restore-20261201-1203', 'pre-restore-20261201-1203-2'])).toBe(
      'pre-restore-20261201-1203-3',
    );
  });

  it('accepts only names usable as a path segment, starting with a letter or digit, of at most 63 characters', () => {
    expect(validateSnapshotName(' before-upgrade ')).toEqual({ ok: true, name: 'before-upgrade' });
    expect(validateSnapshotName('v1.2_rc-3').ok).toBe(true);
    for (const bad of ['-leading', 'has space', 'slash/inside', 'ünïcode', 'x'.repeat(64), ''])
      expect(validateSnapshotName(bad).ok, bad).toBe(false);
  });

  it('parses `snapshot <vps> [name]`, checking the name before anything is asked of HostUp', () => {
    expect(parseCommand('snapshot web-01')).toEqual({
      ok: true,
      command: { kind: 'snapshot', vps: 'web-01', name: null },
    });
    expect(parseCommand('snapshot web-01 pre-deploy')).toMatchObject({
      ok: true,
      command: { name: 'pre-deploy' },
    });
    expect(parseCommand('snapshot web-01 "a b"')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/snapshot name/),
    });
    expect(parseCommand('snapshot')).toMatchObject({ ok: false, usage: '/vps snapshot <vps> [name]' });
    expect(parseCommand('snapshot web-01 a b')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Too many/),
    });
  });
});

describe('operation steps', () => {
  it('goes from the safety snapshot to the restore whether it failed or not, unless the policy requires it', () => {
    const possible = newSteps(
      [
        { role: 'safety', request: safety },
        { role: 'main', request: restore },
      ],
      'when_possible',
    );
    expect(afterStep(possible, 'done')).toEqual({ kind: 'call', index: 1 });
    expect(afterStep(possible, 'failed')).toEqual({ kind: 'call', index: 1 });
    expect(afterStep({ ...possible, safetyPoint: 'required' }, 'failed')).toEqual({ kind: 'stop' });
    expect(afterStep({ ...possible, at: 1 }, 'done')).toEqual({ kind: 'end' });
  });

  it('offers Undo only when the safety snapshot completed', () => {
    const steps = newSteps(
      [
        { role: 'safety', request: safety },
        { role: 'main', request: restore },
      ],
      'when_possible',
    );
    expect(safetyTaken(steps)).toBeNull();
    const failed = recordStep(
      steps,
      { outcome: 'failed', error: null, durationMs: 1 },
      { kind: 'call', index: 1 },
    );
    expect(safetyTaken(failed)).toBeNull();
    const done = recordStep(
      steps,
      { outcome: 'done', error: null, durationMs: 1 },
      { kind: 'call', index: 1 },
    );
    expect(done.at).toBe(1);
    expect(safetyTaken(done)).toEqual({ vpsId: 'vps_web01', name: safety.name });
    expect(safetyTaken(null)).toBeNull();
  });

  it('splits a canary reboot into the first server, then chunks of at most 20, and pauses when one fails', () => {
    const steps = newSteps(canarySteps(reboot(45)), null);
    expect(steps.steps.map((s) => (s.request as AppServerRebootRequest).servers.length)).toEqual([
      1, 20, 20, 4,
    ]);
    expect(steps.steps.map((s) => s.role)).toEqual(['canary', 'batch', 'batch', 'batch']);
    expect(remainingServers(steps)).toHaveLength(44);
    expect(afterStep(steps, 'failed')).toEqual({ kind: 'pause' });
    const paused = recordStep(
      steps,
      { outcome: 'failed', error: null, durationMs: 5 },
      { kind: 'pause' },
      { until: 99 },
    );
    expect(paused).toMatchObject({ at: 0, pausedUntil: 99 });
    expect(canarySteps(reboot(0))).toEqual([]);
  });

  it('reads steps back from an operation’s meta, and nothing from an operation of one call', () => {
    const steps = newSteps(canarySteps(reboot(3)), null);
    expect(stepsOf(JSON.parse(JSON.stringify({ request: {}, steps })))).toEqual(steps);
    expect(stepsOf({ request: {} })).toBeNull();
    expect(stepsOf({ steps: { steps: [], at: 0 } })).toBeNull();
    expect(stepsOf(null)).toBeNull();
  });
});

describe('the safety preview of a request', () => {
  it('says a snapshot will be taken when the gate allows it or is absent, and why not otherwise', () => {
    expect(safetyPreview('when_possible', 30, undefined).plan).toBe('snapshot');
    expect(safetyPreview('required', 30, { allowed: true, reason: null, code: null }).plan).toBe('snapshot');
    expect(
      safetyPreview('when_possible', 30, { allowed: false, reason: 'Limit reached', code: null }),
    ).toEqual({
      mode: 'when_possible',
      plan: 'none',
      reason: 'Limit reached',
      graceSeconds: 30,
    });
    expect(safetyPreview('off', 0, undefined).plan).toBe('off');
    expect(safetyPreview('when_possible', 0, { unreadable: 'timeout' }).reason).toBe('timeout');
  });
});
