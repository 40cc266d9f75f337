import { describe, expect, it } from 'vitest';
import type {
  AppServerRebootChanged,
  AppServerRebootSummary,
} from '../../src/domain/app-server-notifications.js';
import type { TrackedOperation } from '../../src/store/store.js';
import { type AppServerRebootMeta, initialRebootMeta } from '../../src/tracker/app-server-meta.js';
import { planRebootStep, type ServerReading } from '../../src/tracker/app-server-transitions.js';

const limitMs = 15 * 60_000;

function setup(names: string[]): { op: TrackedOperation; meta: AppServerRebootMeta } {
  const servers = names.map((name, i) => ({ id: `id-${i + 1}`, name }));
  const meta = initialRebootMeta({
    subject: { operationId: 'op1', requester: 'U0ANA', type: 'SOFT', serverNames: names },
    servers,
    notRebooted: [],
  });
  const op = {
    id: 'op1',
    provider: 'huawei',
    channel: 'C0OPS',
    startedAt: 1_000,
    meta,
  } as unknown as TrackedOperation;
  return { op, meta };
}

const read = (id: string, vmStatus: string | null, taskStatus: string | null = null): ServerReading => ({
  id,
  kind: 'read',
  server: { vmStatus, taskStatus },
});

const payloads = (plan: ReturnType<typeof planRebootStep>) =>
  plan.messages.map((m) => m.payload as { type: string });

describe('planRebootStep', () => {
  it('tells each change once, grouped by what happened, and edits the root', () => {
    const { op, meta } = setup(['app-01', 'app-02', 'app-03']);
    const plan = planRebootStep({
      op,
      meta,
      readings: [read('id-1', 'REBOOT', 'rebooting'), read('id-2', 'ACTIVE'), read('id-3', 'ERROR')],
      now: 5_000,
      limitMs,
    });
    expect(plan.servers.map((s) => s.state)).toEqual(['rebooting', 'back', 'failed']);
    const changed = plan.messages
      .map((m) => m.payload as AppServerRebootChanged)
      .filter((p) => p.type === 'appserver-reboot.changed');
    expect(changed.map((c) => [c.state, c.servers.map((s) => s.name)])).toEqual([
      ['rebooting', ['app-01']],
      ['back', ['app-02']],
      ['failed', ['app-03']],
    ]);
    expect(payloads(plan).filter((p) => p.type === 'appserver-reboot.root')).toHaveLength(1);
    expect(plan.end).toBeNull();
    expect(plan.status).toBe('1/3 back · 1 failed');
    expect(new Set(plan.messages.map((m) => m.dedupeKey)).size).toBe(plan.messages.length);
  });

  it('says nothing when nothing changed, and keeps a server whose read failed as it was, with why', () => {
    const { op, meta } = setup(['app-01', 'app-02']);
    const first = planRebootStep({
      op,
      meta,
      readings: [read('id-1', 'REBOOT', 'rebooting'), read('id-2', 'REBOOT', 'rebooting')],
      now: 5_000,
      limitMs,
    });
    const again = planRebootStep({
      op,
      meta: { ...meta, servers: first.servers },
      readings: [
        read('id-1', 'REBOOT', 'rebooting'),
        { id: 'id-2', kind: 'error', note: 'could not be read: 503' },
      ],
      now: 6_000,
      limitMs,
    });
    expect(again.messages).toEqual([]);
    expect(again.servers[1]).toMatchObject({ state: 'rebooting', note: 'could not be read: 503' });
  });

  it('ends with a summary once every server is settled: failed if any failed', () => {
    const { op, meta } = setup(['app-01', 'app-02']);
    const plan = planRebootStep({
      op,
      meta,
      readings: [
        read('id-1', 'ACTIVE'),
        { id: 'id-2', kind: 'gone', note: 'Huawei no longer knows this server.' },
      ],
      now: 61_000,
      limitMs,
    });
    expect(plan.end).toEqual({ state: 'failed', lastError: 'app_servers_failed', durationMs: 60_000 });
    const summary = plan.messages
      .map((m) => m.payload as AppServerRebootSummary)
      .find((p) => p.type === 'appserver-reboot.summary')!;
    expect(summary.back).toEqual(['app-01']);
    expect(summary.failed).toEqual([
      { name: 'app-02', vmStatus: null, taskStatus: null, note: 'Huawei no longer knows this server.' },
    ]);
    expect(plan.messages.at(-1)).toMatchObject({ kind: 'update', dedupeKey: 'op1:root:final' });
  });

  it('at the time limit, every server not settled did not come back; the operation is given up', () => {
    const { op, meta } = setup(['app-01', 'app-02']);
    const plan = planRebootStep({
      op,
      meta,
      readings: [read('id-1', 'ACTIVE'), read('id-2', 'HARD_REBOOT', 'reboot_started_hard')],
      now: op.startedAt + limitMs,
      limitMs,
    });
    expect(plan.servers.map((s) => s.state)).toEqual(['back', 'timed_out']);
    expect(plan.end?.state).toBe('gave_up');
    const summary = plan.messages
      .map((m) => m.payload as AppServerRebootSummary)
      .find((p) => p.type === 'appserver-reboot.summary')!;
    expect(summary.timedOut.map((s) => s.vmStatus)).toEqual(['HARD_REBOOT']);
  });

  it('all back is done', () => {
    const { op, meta } = setup(['app-01']);
    const plan = planRebootStep({ op, meta, readings: [read('id-1', 'ACTIVE')], now: 2_000, limitMs });
    expect(plan.end).toEqual({ state: 'done', lastError: null, durationMs: 1_000 });
  });
});
