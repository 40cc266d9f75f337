import { describe, expect, it } from 'vitest';
import type { NewApproval, NewOperation } from '../../../src/store/store.js';
import { type ContractContext, minute, race } from './harness.js';

/** What the safety features ask of the store: a paused operation's decision, and a countdown's stop. */
export function stepsContract(ctx: ContractContext): void {
  let n = 0;
  const operation = (overrides: Partial<NewOperation> = {}): NewOperation => ({
    provider: 'huawei',
    targetId: '1,2,3',
    targetName: '3 app servers',
    action: 'hard-reboot',
    requester: 'U_ANA',
    correlationId: 'corr',
    channel: 'C1',
    jobId: `job_steps_${++n}`,
    phase: 'paused',
    nextPollAt: ctx.harness.clock.now() + 60 * minute,
    meta: { steps: { at: 0 } },
    ...overrides,
  });
  const request = (overrides: Partial<NewApproval> = {}): NewApproval => ({
    requester: 'U_ANA',
    actionKind: 'restore',
    target: 'vps_1',
    payload: {},
    reason: '',
    channel: 'C1',
    requiredApprovals: 1,
    expiresAt: ctx.harness.clock.now() + 30 * minute,
    ...overrides,
  });

  describe('operations between steps', () => {
    it('gives a paused operation’s decision to exactly one of many clicks on two connections', async () => {
      const { store, clock } = ctx.harness;
      const other = await ctx.harness.openAnother();
      const op = await store.createOperation(operation());
      const now = clock.now();
      const results = await race(12, (i) =>
        (i % 2 ? other : store).resumePausedOperation(op.id, { meta: { steps: { at: 1 }, by: i }, now }),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const after = await store.getOperation(op.id);
      expect(after).toMatchObject({ phase: 'next_call', nextPollAt: now, state: 'active' });
      expect((after!.meta as { by: number }).by).toBe(results.indexOf(true));
    });

    it('refuses to resume an operation that is not paused, or that someone holds', async () => {
      const { store, clock } = ctx.harness;
      const following = await store.createOperation(operation({ phase: 'following' }));
      expect(await store.resumePausedOperation(following.id, { meta: {}, now: clock.now() })).toBe(false);
      const held = await store.createOperation(
        operation({ lease: { owner: 'tracker-a', expiresAt: clock.now() + minute } }),
      );
      expect(await store.resumePausedOperation(held.id, { meta: {}, now: clock.now() })).toBe(false);
      expect((await store.getOperation(held.id))?.phase).toBe('paused');
    });
  });

  describe('a countdown stopped by an approver', () => {
    it('lets an approver cancel an approved request, but not one still pending', async () => {
      const { store, clock } = ctx.harness;
      const pending = await store.createApproval(request());
      expect(
        await store.cancelApproval(pending.id, { by: 'U_BOB', now: clock.now(), asApprover: true }),
      ).toMatchObject({ ok: false });
      expect((await store.getApproval(pending.id))?.status).toBe('pending');

      const { id } = await store.createApproval(request());
      await store.addApproval(id, 'U_BOB', clock.now());
      expect(await store.scheduleApprovalRun(id, clock.now() + 30_000)).toBe(true);
      expect(await store.cancelApproval(id, { by: 'U_CY', now: clock.now() })).toMatchObject({
        ok: false,
        reason: 'not_requester',
      });
      const stopped = await store.cancelApproval(id, { by: 'U_CY', now: clock.now(), asApprover: true });
      expect(stopped).toMatchObject({ ok: true, approval: { status: 'cancelled', decidedBy: 'U_CY' } });
      expect(await store.markApprovalRun(id, { operationId: 'op', now: clock.now() })).toBe(false);
      expect(await store.listDueApprovals(clock.now() + minute)).toEqual([]);
    });
  });
}
