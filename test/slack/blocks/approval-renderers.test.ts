import { describe, expect, it } from 'vitest';
import type { ApprovalMessage } from '../../../src/domain/approval-notifications.js';
import type { Snapshot, VpsDetails } from '../../../src/domain/vps.js';
import { validateMessage, validateView } from '../../../src/simulator/slack/block-kit-limits.js';
import { renderApprovalMessage } from '../../../src/slack/blocks/approval-request.js';
import { renderNotification } from '../../../src/slack/blocks/notifications.js';
import {
  renderLoadingModal,
  renderRejectModal,
  renderRestoreFromModal,
  renderSnapshotModal,
} from '../../../src/slack/blocks/restore-modals.js';
import { renderVpsCard } from '../../../src/slack/blocks/vps-card.js';
import { ActionId } from '../../../src/slack/ids.js';

const now = Date.parse('2026-03-01T12:00:00Z');
const long = 'x'.repeat(400);
const vps: VpsDetails = {
  id: 'vps_web01',
  name: 'web-01',
  primaryIp: '203.0.113.10',
  serviceStatus: 'active',
  powerState: 'running',
  operatingSystem: 'Ubuntu',
  resources: {},
  productName: null,
  ips: [],
  actions: {},
};

function message(over: Partial<ApprovalMessage> = {}): ApprovalMessage {
  return {
    type: 'approval.message',
    approvalId: '9b2f0f3e-6f7c-4d59-8a51-1f1f4f1f4f1f',
    request: {
      kind: 'restore',
      vpsId: 'vps_web01',
      vpsName: `web-01-${long}`,
      snapshot: {
        name: `snap-${long}`,
        createdAt: '2026-03-01T06:00:00Z',
        expiresAt: '2026-03-02T06:00:00Z',
      },
    },
    requester: 'UANA',
    reason: `<script>${long}${long}${long}`,
    state: 'pending',
    requiredApprovals: 2,
    votes: [{ userId: 'UBOB', at: now }],
    createdAt: now,
    expiresAt: now + 30 * 60_000,
    decidedBy: null,
    decidedAt: null,
    note: null,
    ...over,
  };
}

const actionIds = (m: { blocks: unknown[] }) => JSON.stringify(m.blocks).match(/approval\.\w+/g) ?? [];

describe('approval renderers', () => {
  it('keeps a pending request with long names and reasons within Slack’s limits, escaping what people typed', () => {
    const rendered = renderApprovalMessage(message());
    expect(validateMessage(rendered)).toEqual([]);
    expect(JSON.stringify(rendered.blocks)).toContain('&lt;script&gt;');
    expect(actionIds(rendered)).toEqual([ActionId.approve, ActionId.reject, ActionId.cancelRequest]);
    expect(JSON.stringify(rendered.blocks)).toContain('1 of 2 approvals');
  });

  it.each([
    ['rejected', 'Rejected'],
    ['cancelled', 'Cancelled'],
    ['expired', 'Expired'],
    ['failed', 'Approved, not run'],
    ['executed', 'Approved'],
  ] as const)('a %s request has no buttons left and says what happened', (state, headline) => {
    const rendered = renderApprovalMessage(
      message({ state, decidedBy: 'UBOB', decidedAt: now, note: 'because' }),
    );
    expect(validateMessage(rendered)).toEqual([]);
    expect(actionIds(rendered)).toEqual([]);
    expect(rendered.text).toContain(`${headline}:`);
    // A closed request no longer reads as one waiting for approval, nor counts down to an expiry.
    const shown = JSON.stringify(rendered.blocks);
    expect(shown).not.toContain('Approval needed');
    expect(shown).not.toContain('Expires');
    expect(shown).not.toMatch(/\d of \d approval/);
  });

  it('an approved operation’s root message keeps saying who approved it', () => {
    const rendered = renderNotification({
      type: 'operation.root-refresh',
      status: 'in_progress',
      progress: 40,
      note: null,
      subject: {
        operationId: 'op',
        provider: 'hostup',
        requester: 'UANA',
        action: 'restore',
        verbPast: 'restored',
        targetName: 'web-01',
        jobId: 'job_1',
        approval: {
          approvalId: 'a',
          title: 'Restore web-01 to snapshot x',
          reason: '',
          approvers: ['UBOB'],
          approvedAt: now,
        },
      },
    });
    expect(validateMessage(rendered)).toEqual([]);
    expect(JSON.stringify(rendered.blocks)).toContain('approved by <@UBOB>');
  });

  it('keeps the modals within limits: 150 snapshots become at most 100 options', () => {
    const meta = { draftId: '00000000-0000-4000-8000-000000000000' };
    const snapshots: Snapshot[] = Array.from({ length: 150 }, (_, i) => ({
      name: `snapshot-${i}-${'y'.repeat(90)}`,
      displayId: null,
      description: null,
      createdAt: new Date(now - i * 60_000).toISOString(),
      expiresAt: new Date(now + 86_400_000).toISOString(),
      includesMemoryState: false,
    }));
    const view = renderSnapshotModal({ vps, snapshots, now, ttlMinutes: 30, meta });
    expect(validateView(view)).toEqual([]);
    expect(JSON.stringify(view).match(/"value":"snapshot-/g)).toHaveLength(100);
    expect(validateView(renderLoadingModal('restore-from', long, meta))).toEqual([]);
    expect(validateView(renderRejectModal({ approvalId: 'a', title: long }))).toEqual([]);
    const source = {
      id: 'vps_db01',
      name: `db-01-${long}`,
      serviceStatus: 'active' as const,
      sourceType: 'retained',
      backups: Array.from({ length: 120 }, (_, i) => ({
        id: `bkp_${i}`,
        displayId: `#${i}`,
        createdAt: null,
        sizeGb: 40,
      })),
    };
    const picked = renderRestoreFromModal({
      vps,
      sources: [source],
      selected: source,
      now,
      ttlMinutes: 30,
      meta,
    });
    expect(validateView(picked)).toEqual([]);
  });

  it('offers the restores on the card only where the gates allow, with the reason otherwise', () => {
    const open = renderVpsCard(vps);
    expect(validateMessage(open)).toEqual([]);
    expect(JSON.stringify(open.blocks)).toContain(ActionId.requestRestoreFrom);
    const shut = renderVpsCard({
      ...vps,
      actions: { canRestore: { allowed: false, reason: 'Another operation is in progress', code: null } },
    });
    expect(JSON.stringify(shut.blocks)).not.toContain(`"${ActionId.requestRestore}"`);
    expect(JSON.stringify(shut.blocks)).toContain('Restore snapshot: Another operation is in progress');
  });
});
