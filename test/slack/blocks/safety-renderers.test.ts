import { describe, expect, it } from 'vitest';
import type { ApprovalMessage } from '../../../src/domain/approval-notifications.js';
import type { Notification, OperationSubject } from '../../../src/domain/notifications.js';
import { validateMessage } from '../../../src/simulator/slack/block-kit-limits.js';
import { renderApprovalMessage } from '../../../src/slack/blocks/approval-request.js';
import { renderNotification } from '../../../src/slack/blocks/notifications.js';
import { ActionId } from '../../../src/slack/ids.js';
import { textOf } from '../../support/bot-harness.js';

const opId = '4c1a6f0e-2b7d-4e8a-9f3c-0d5e6a7b8c9d';
const long = 'x'.repeat(300);
const subject: OperationSubject = {
  operationId: opId,
  provider: 'hostup',
  requester: 'UANA',
  action: 'restore',
  targetName: 'web-01',
  jobId: 'job_1',
  request: {
    kind: 'restore',
    vpsId: 'vps_web01',
    vpsName: 'web-01',
    snapshot: { name: 'before-upgrade', createdAt: null, expiresAt: null },
  },
};
const stepSubject = {
  operationId: opId,
  provider: 'huawei' as const,
  requester: 'UANA',
  targetName: '45 app servers',
};

function rendered(n: Notification) {
  const message = renderNotification(n);
  expect(validateMessage(message)).toEqual([]);
  return { message, text: textOf(message), json: JSON.stringify(message.blocks) };
}

describe('the safety features’ messages', () => {
  it('offers Undo on a restore’s final reply by operation id, with the after-check in the sentence', () => {
    const { text, json } = rendered({
      type: 'operation.finished',
      subject,
      outcome: 'completed',
      durationMs: 42_000,
      error: null,
      offerForceRestart: null,
      afterCheck: { kind: 'read', powerState: 'running', uptimeSeconds: 14, expected: 'running' },
      undo: { snapshotName: 'pre-restore-20261201-1203' },
    });
    expect(text).toMatch(/web-01 restored — completed in 42 s; running, up 14 s\./);
    expect(text).toContain('Undo (restore pre-restore-20261201-1203)');
    expect(json).toContain(`"action_id":"${ActionId.undoRestore}"`);
    expect(json).toContain(`"value":"${opId}"`);
  });

  it('flags a completed action whose server is not back', () => {
    const { text } = rendered({
      type: 'operation.finished',
      subject: { ...subject, action: 'start' },
      outcome: 'completed',
      durationMs: 5000,
      error: null,
      offerForceRestart: null,
      afterCheck: { kind: 'read', powerState: 'stopped', uptimeSeconds: null, expected: 'running' },
    });
    expect(text).toMatch(/^:warning: .*started — completed, but web-01 reports stopped\./);
  });

  it('asks after a failed chunk with two buttons carrying the operation id, within Slack’s limits', () => {
    const { text, json } = rendered({
      type: 'operation.step-ended',
      subject: stepSubject,
      role: 'canary',
      outcome: 'failed',
      next: 'pause',
      servers: [`app-01${long}`],
      remaining: 44,
      error: {
        kind: 'provider',
        code: 'app_servers_failed',
        provider: 'huawei',
        status: null,
        detail: `app-01: ERROR ${long}`,
        requestId: null,
      },
      pausedUntil: Date.parse('2026-12-01T13:00:00Z'),
    });
    expect(text).toMatch(/The other 44 were not rebooted\. Go on with them, or stop here\?/);
    expect(text).toContain('Continue with the other 44');
    expect(json).toContain(ActionId.continueSteps);
    expect(json).toContain(ActionId.stopSteps);
  });

  it('says whether the safety snapshot was taken, and what happens to the restore when it was not', () => {
    expect(
      rendered({
        type: 'operation.step-ended',
        subject: { ...stepSubject, provider: 'hostup', targetName: 'web-01' },
        role: 'safety',
        outcome: 'done',
        next: 'call',
        snapshotName: 'pre-restore-x',
        durationMs: 3000,
      }).text,
    ).toMatch(/Safety point `pre-restore-x` taken in 3 s\. Restoring \*web-01\* now\./);
    expect(
      rendered({
        type: 'operation.step-ended',
        subject: { ...stepSubject, provider: 'hostup', targetName: 'web-01' },
        role: 'safety',
        outcome: 'failed',
        next: 'stop',
        snapshotName: 'pre-restore-x',
      }).text,
    ).toMatch(/Nothing was restored: the policy requires a safety point/);
  });

  it('shows the countdown with a Cancel for the requester and the approvers, and the safety point it will take', () => {
    const decidedAt = Date.parse('2026-12-01T12:03:00Z');
    const m: ApprovalMessage = {
      type: 'approval.message',
      approvalId: '9b2f0f3e-6f7c-4d59-8a51-1f1f4f1f4f1f',
      request: subject.request!,
      requester: 'UANA',
      reason: long,
      state: 'approved',
      requiredApprovals: 1,
      votes: [{ userId: 'UBO', at: decidedAt }],
      createdAt: decidedAt - 60_000,
      expiresAt: decidedAt + 60_000,
      decidedBy: 'UBO',
      decidedAt,
      note: null,
      safety: { mode: 'when_possible', plan: 'snapshot', reason: null, graceSeconds: 30 },
      runAt: decidedAt + 30_000,
    };
    const message = renderApprovalMessage(m);
    expect(validateMessage(message)).toEqual([]);
    const text = textOf(message);
    expect(text).toMatch(/Restoring in 30 s/);
    expect(text).toMatch(/Safety point:\* a snapshot of \*web-01\* is taken first/);
    expect(JSON.stringify(message.blocks)).toContain(ActionId.cancelRequest);
    expect(JSON.stringify(message.blocks)).not.toContain(ActionId.approve);
    const ran = textOf(renderApprovalMessage({ ...m, state: 'executed' }));
    expect(ran).not.toMatch(/Restoring in/);
  });
});
