import { describe, expect, it } from 'vitest';
import { commandCatalogue } from '../../../src/domain/commands.js';
import type { Notification, OperationSubject } from '../../../src/domain/notifications.js';
import type { Vps, VpsDetails } from '../../../src/domain/vps.js';
import { validateMessage } from '../../../src/simulator/slack/block-kit-limits.js';
import { renderConfirmation } from '../../../src/slack/blocks/confirmation.js';
import { esc } from '../../../src/slack/blocks/elements.js';
import { renderHelp } from '../../../src/slack/blocks/help.js';
import { formatDuration, renderNotification } from '../../../src/slack/blocks/notifications.js';
import { renderAmbiguous, renderNotFound } from '../../../src/slack/blocks/pick-vps.js';
import { renderSnapshots } from '../../../src/slack/blocks/snapshots.js';
import { renderVpsCard } from '../../../src/slack/blocks/vps-card.js';
import { listPageSize, renderVpsList } from '../../../src/slack/blocks/vps-list.js';
import { ActionId, suffixed } from '../../../src/slack/ids.js';

function vps(i: number, over: Partial<Vps> = {}): Vps {
  return {
    id: `vps_${i}`,
    name: `web-${String(i).padStart(3, '0')}-${'x'.repeat(40)}`,
    primaryIp: `203.0.113.${i % 250}`,
    serviceStatus: 'active',
    powerState: i % 3 === 0 ? 'stopped' : 'running',
    operatingSystem: 'Ubuntu 24.04 LTS (Noble Numbat) with a long display name',
    resources: { cpuCores: 2, memoryGb: 4, storageGb: 80 },
    ...over,
  };
}

function details(over: Partial<VpsDetails> = {}): VpsDetails {
  return { ...vps(1), name: 'web-01', productName: 'VPS M', ips: [], actions: {}, ...over };
}

const buttonsOf = (message: { blocks: unknown[] }) =>
  message.blocks.flatMap((b) =>
    (
      (b as { elements?: { type: string; action_id?: string; value?: string; text?: { text: string } }[] })
        .elements ?? []
    ).filter((e) => e.type === 'button'),
  );

describe('Block Kit renderers', () => {
  it('keeps a list of 500 VPSes with long names within Slack limits, one page at a time', () => {
    const vpses = Array.from({ length: 500 }, (_, i) => vps(i));
    const first = renderVpsList({ vpses, filter: '', offset: 0 });
    expect(validateMessage(first)).toEqual([]);
    expect(JSON.stringify(first.blocks)).toContain('showing 1–25');
    const more = buttonsOf(first).find((b) => b.action_id === ActionId.listMore);
    expect(more?.text?.text).toBe(`Show more (${500 - listPageSize} left)`);
    const last = renderVpsList({ vpses, filter: '', offset: 475 });
    expect(validateMessage(last)).toEqual([]);
    expect(buttonsOf(last)).toEqual([]);
  });

  it('says plainly when a filter matches nothing', () => {
    const message = renderVpsList({ vpses: [], filter: '<nope>', offset: 0 });
    expect(message.text).toContain('No VPS matches “&lt;nope&gt;”');
  });

  it('offers on the card only the actions its gates allow, with the API’s reason for the others', () => {
    const card = renderVpsCard(
      details({
        powerState: 'running',
        actions: {
          canStart: { allowed: false, reason: 'VPS is already running', code: null },
          canRestart: { allowed: true, reason: null, code: null },
          canReset: { allowed: false, reason: 'Reset is disabled for this plan', code: 'plan' },
        },
      }),
    );
    expect(validateMessage(card)).toEqual([]);
    const labels = buttonsOf(card).map((b) => b.text?.text);
    expect(labels).toEqual(['Shut down', 'Stop', 'Restart', 'Force restart']);
    const text = JSON.stringify(card.blocks);
    expect(text).toContain('Start: VPS is already running');
    expect(text).toContain('Reset: Reset is disabled for this plan');
  });

  it('puts a confirm dialog on the forced restart and no force button when restart is not allowed', () => {
    const card = renderVpsCard(details());
    const forceId = suffixed(ActionId.requestPowerAction, 'force');
    const force = buttonsOf(card).find((b) => b.action_id === forceId) as {
      confirm?: unknown;
    };
    expect(force?.confirm).toBeDefined();
    const noRestart = renderVpsCard(
      details({ actions: { canRestart: { allowed: false, reason: 'busy', code: null } } }),
    );
    expect(buttonsOf(noRestart).some((b) => b.action_id === forceId)).toBe(false);
  });

  it('lets a person pick among at most 20 candidates and suggests close names', () => {
    const many = Array.from({ length: 30 }, (_, i) => vps(i, { name: 'dup' }));
    const pick = renderAmbiguous('dup', many, { kind: 'show' });
    expect(validateMessage(pick)).toEqual([]);
    expect(buttonsOf(pick)).toHaveLength(20);
    const close = [vps(1, { name: 'web-01' }), vps(2, { name: 'web-02' })];
    const notFound = renderNotFound('web-1', close, { kind: 'show' });
    expect(notFound.text).toContain('Did you mean *web-01* or *web-02*?');
    expect(buttonsOf(notFound).map((b) => b.value)).toEqual(close.map((v) => v.id));
    expect(validateMessage(notFound)).toEqual([]);
    expect(renderNotFound('zzz', [], { kind: 'show' }).text).toContain('/vps list');
    expect(buttonsOf(renderNotFound('zzz', [], { kind: 'show' }))).toEqual([]);
  });

  it('renders the confirmation with a warning when the action can lose data', () => {
    const message = renderConfirmation({
      confirmationId: '3f1c1f1e-1111-4111-8111-111111111111',
      title: 'Reset web-01?',
      what: 'This hard-reboots the server.',
      warning: 'Hard reboot: unsaved data is lost.',
      confirmLabel: 'Reset',
      expiresInMinutes: 5,
    });
    expect(validateMessage(message)).toEqual([]);
    expect(buttonsOf(message).map((b) => b.action_id)).toEqual([ActionId.confirm, ActionId.cancel]);
    expect(JSON.stringify(message.blocks)).toContain(':warning: Hard reboot');
  });

  it('renders help for every command within the limits', () => {
    expect(validateMessage(renderHelp(null))).toEqual([]);
    for (const c of commandCatalogue) {
      const message = renderHelp(c.name);
      expect(validateMessage(message)).toEqual([]);
      expect(message.text).toBe(c.usage);
    }
  });

  it('renders snapshots with their age and expiry', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    const message = renderSnapshots(
      vps(1),
      {
        snapshots: [
          {
            name: 'before-upgrade',
            displayId: null,
            description: null,
            createdAt: '2026-11-23T09:00:00Z',
            expiresAt: '2026-11-24T09:00:00Z',
            includesMemoryState: false,
          },
        ],
        totalLimit: 3,
      },
      now,
    );
    expect(JSON.stringify(message.blocks)).toContain('taken 3 h ago · expires in 21 h');
  });

  const subject: OperationSubject = {
    operationId: 'op1',
    provider: 'hostup',
    requester: 'U123',
    action: 'restart',
    verbPast: 'restarted',
    targetName: 'web-01',
    jobId: 'job_1',
  };

  it('renders every notification within the limits', () => {
    const notifications: Notification[] = [
      { type: 'operation.started', subject, status: 'queued' },
      { type: 'operation.progress', subject, status: 'in_progress', progress: 50, message: 'Rebooting' },
      { type: 'operation.root-refresh', subject, status: 'in_progress', progress: 50, note: null },
      {
        type: 'operation.finished',
        subject,
        outcome: 'completed',
        durationMs: 65_000,
        error: null,
        offerForceRestart: null,
      },
      {
        type: 'operation.finished',
        subject,
        outcome: 'failed',
        durationMs: 5_000,
        error: { code: 'guest_unresponsive', detail: 'The guest did not respond', requestId: 'req_9' },
        offerForceRestart: { vpsId: 'vps_1' },
      },
      {
        type: 'operation.gave-up',
        subject,
        lastStatus: 'in_progress',
        followedForMs: 7_200_000,
        reason: 'time limit',
      },
      {
        type: 'hostname.changed',
        requester: 'U123',
        vpsName: 'web-01',
        hostname: 'web-01.example.com',
        reloadRecommended: true,
        reverseDns: {
          status: 'partial_failure',
          restoredIps: [],
          failedIps: ['203.0.113.10'],
          detail: 'PTR locked',
        },
      },
    ];
    for (const n of notifications) expect(validateMessage(renderNotification(n)), n.type).toEqual([]);
  });

  it('shows the requester, code, detail and request id when an operation failed, with a force-restart button', () => {
    const message = renderNotification({
      type: 'operation.finished',
      subject,
      outcome: 'failed',
      durationMs: 5_000,
      error: { code: 'guest_unresponsive', detail: 'The guest did not respond', requestId: 'req_9' },
      offerForceRestart: { vpsId: 'vps_1' },
    });
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('<@U123>');
    expect(text).toContain('guest_unresponsive');
    expect(text).toContain('req_9');
    expect(buttonsOf(message).map((b) => b.action_id)).toEqual([ActionId.requestForceRestart]);
  });

  it('says plainly when reverse DNS could not be updated', () => {
    const message = renderNotification({
      type: 'hostname.changed',
      requester: 'U1',
      vpsName: 'web-01',
      hostname: 'new.example.com',
      reloadRecommended: false,
      reverseDns: { status: 'partial_failure', restoredIps: [], failedIps: ['203.0.113.10'], detail: null },
    });
    expect(JSON.stringify(message.blocks)).toContain('Reverse DNS could not be updated for 203.0.113.10');
  });

  it('escapes Slack control characters and formats durations', () => {
    expect(esc('<@U1> & <!here>')).toBe('&lt;@U1&gt; &amp; &lt;!here&gt;');
    expect([formatDuration(4_000), formatDuration(185_000), formatDuration(3_720_000)]).toEqual([
      '4 s',
      '3 min 5 s',
      '1 h 2 min',
    ]);
  });
});
