import { describe, expect, it } from 'vitest';
import type { NewApproval } from '../../../src/store/store.js';
import { type ContractContext, minute, race } from './harness.js';

export function approvalContract(ctx: ContractContext): void {
  const request = (overrides: Partial<NewApproval> = {}): NewApproval => ({
    requester: 'U_ANA',
    actionKind: 'restore_snapshot',
    target: 'vps_1',
    payload: { snapshot: 'snap-1' },
    reason: 'roll back the bad deploy',
    channel: 'C1',
    requiredApprovals: 2,
    expiresAt: ctx.harness.clock.now() + 30 * minute,
    ...overrides,
  });

  describe('approvals', () => {
    it('refuses the requester and duplicates, and completes on the vote that reaches the quorum', async () => {
      const { store, clock } = ctx.harness;
      const { id } = await store.createApproval(request());
      const now = clock.now();
      expect(await store.addApproval(id, 'U_ANA', now)).toMatchObject({ ok: false, reason: 'self_approval' });
      expect(await store.addApproval(id, 'U_BOB', now)).toMatchObject({ ok: true, complete: false });
      expect(await store.addApproval(id, 'U_BOB', now + 1)).toMatchObject({ ok: false, reason: 'duplicate' });
      const done = await store.addApproval(id, 'U_CY', now + 2);
      expect(done).toMatchObject({
        ok: true,
        complete: true,
        approval: { status: 'approved', decidedBy: 'U_CY', decidedAt: now + 2 },
      });
      expect(done.ok && done.approval.approvals).toEqual([
        { userId: 'U_BOB', at: now },
        { userId: 'U_CY', at: now + 2 },
      ]);
      expect(await store.addApproval(id, 'U_DEE', now + 3)).toMatchObject({
        ok: false,
        reason: 'not_pending',
      });
      expect(await store.addApproval('missing', 'U_DEE', now)).toEqual({ ok: false, reason: 'not_found' });
    });

    it('refuses a vote after expiry and marks the request expired', async () => {
      const { store } = ctx.harness;
      const { id, expiresAt } = await store.createApproval(request());
      const result = await store.addApproval(id, 'U_BOB', expiresAt);
      expect(result).toMatchObject({
        ok: false,
        reason: 'expired',
        approval: { status: 'expired', approvals: [] },
      });
    });

    it('reports complete exactly once when 50 approvers vote at once over two store instances', async () => {
      const { store, clock } = ctx.harness;
      const other = await ctx.harness.openAnother();
      const { id } = await store.createApproval(request({ requiredApprovals: 3 }));
      const results = await race(50, (i) => (i % 2 ? other : store).addApproval(id, `U_${i}`, clock.now()));
      expect(results.filter((r) => r.ok && r.complete)).toHaveLength(1);
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      expect(results.filter((r) => !r.ok && r.reason === 'not_pending')).toHaveLength(47);
      const stored = await store.getApproval(id);
      expect(stored?.status).toBe('approved');
      expect(stored?.approvals).toHaveLength(3);
    });

    it('rejects a pending request with a note, after which nobody can approve it', async () => {
      const { store, clock } = ctx.harness;
      const { id } = await store.createApproval(request());
      const rejected = await store.rejectApproval(id, {
        by: 'U_BOB',
        now: clock.now(),
        note: 'not during peak',
      });
      expect(rejected).toMatchObject({
        ok: true,
        approval: { status: 'rejected', decidedBy: 'U_BOB', decisionNote: 'not during peak' },
      });
      expect(await store.rejectApproval(id, { by: 'U_CY', now: clock.now() })).toMatchObject({
        ok: false,
        reason: 'not_pending',
      });
      expect(await store.addApproval(id, 'U_CY', clock.now())).toMatchObject({
        ok: false,
        reason: 'not_pending',
      });
    });

    it('lets only the requester cancel, while pending or approved but not once executing', async () => {
      const { store, clock } = ctx.harness;
      const first = await store.createApproval(request());
      expect(await store.cancelApproval(first.id, { by: 'U_BOB', now: clock.now() })).toMatchObject({
        ok: false,
        reason: 'not_requester',
      });
      expect(await store.cancelApproval(first.id, { by: 'U_ANA', now: clock.now() })).toMatchObject({
        ok: true,
        approval: { status: 'cancelled', decidedBy: 'U_ANA' },
      });

      const second = await store.createApproval(request({ requiredApprovals: 1 }));
      await store.addApproval(second.id, 'U_BOB', clock.now());
      expect((await store.cancelApproval(second.id, { by: 'U_ANA', now: clock.now() })).ok).toBe(true);
      expect(await store.markApprovalExecuting(second.id)).toBe(false);

      const third = await store.createApproval(request({ requiredApprovals: 1 }));
      await store.addApproval(third.id, 'U_BOB', clock.now());
      expect(await store.markApprovalExecuting(third.id)).toBe(true);
      expect(await store.cancelApproval(third.id, { by: 'U_ANA', now: clock.now() })).toMatchObject({
        ok: false,
        reason: 'not_pending',
      });
    });

    it('expires only pending requests past their expiry, and reports each once', async () => {
      const { store, clock } = ctx.harness;
      const soon = await store.createApproval(request({ expiresAt: clock.now() + minute }));
      const later = await store.createApproval(request({ expiresAt: clock.now() + 10 * minute }));
      const decided = await store.createApproval(request({ expiresAt: clock.now() + minute }));
      await store.rejectApproval(decided.id, { by: 'U_BOB', now: clock.now() });
      const expired = await store.expireApprovals(clock.now() + minute);
      expect(expired.map((a) => [a.id, a.status])).toEqual([[soon.id, 'expired']]);
      expect(await store.expireApprovals(clock.now() + minute)).toEqual([]);
      expect((await store.listPendingApprovals()).map((a) => a.id)).toEqual([later.id]);
    });

    it('moves approved → executing for exactly one of 20 concurrent callers, then to executed', async () => {
      const { store, clock } = ctx.harness;
      const other = await ctx.harness.openAnother();
      const { id } = await store.createApproval(request({ requiredApprovals: 1 }));
      expect(await store.markApprovalExecuting(id)).toBe(false);
      await store.addApproval(id, 'U_BOB', clock.now());
      const results = await race(20, (i) => (i % 2 ? other : store).markApprovalExecuting(id));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.markApprovalExecuted(id, 'job_9')).toBe(true);
      expect(await store.markApprovalExecuted(id, 'job_9')).toBe(false);
      expect(await store.getApproval(id)).toMatchObject({ status: 'executed', jobId: 'job_9' });
    });

    it('records why an execution failed', async () => {
      const { store, clock } = ctx.harness;
      const { id } = await store.createApproval(request({ requiredApprovals: 1 }));
      await store.addApproval(id, 'U_BOB', clock.now());
      await store.markApprovalExecuting(id);
      expect(await store.markApprovalFailed(id, 'vps_not_ready')).toBe(true);
      expect(await store.getApproval(id)).toMatchObject({ status: 'failed', error: 'vps_not_ready' });
      expect(await store.markApprovalExecuted(id, 'job_1')).toBe(false);
    });

    it('keeps the posted message and lists pending requests oldest first', async () => {
      const { store, clock } = ctx.harness;
      const a = await store.createApproval(request());
      clock.advance(1000);
      const b = await store.createApproval(request());
      expect(await store.setApprovalMessage(a.id, 'C2', '1700000000.000100')).toBe(true);
      expect(await store.setApprovalMessage('missing', 'C2', '1')).toBe(false);
      const listed = await store.listPendingApprovals();
      expect(listed.map((x) => x.id)).toEqual([a.id, b.id]);
      expect(listed[0]).toMatchObject({ channel: 'C2', messageTs: '1700000000.000100' });
    });
  });
}
