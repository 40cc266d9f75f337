import { describe, expect, it } from 'vitest';
import type { NewOperation, Store } from '../../../src/store/store.js';
import { type ContractContext, minute, race } from './harness.js';

const lock = (holder: string, keys = ['hostup:vps_1'], now = 0) => ({
  keys,
  slot: 'acting' as const,
  holder,
  action: 'restart',
  actor: 'U_ANA',
  now,
});

export function actingContract(ctx: ContractContext): void {
  let n = 0;
  const operation = (overrides: Partial<NewOperation> = {}): NewOperation => ({
    provider: 'hostup',
    targetId: 'vps_1',
    targetName: 'web-01',
    action: 'restart',
    requester: 'U_ANA',
    correlationId: 'corr',
    channel: 'C1',
    jobId: `job_acting_${++n}`,
    ...overrides,
  });

  describe('server locks', () => {
    it('gives a server to exactly one of many holders racing over two connections', async () => {
      const { store } = ctx.harness;
      const other = await ctx.harness.openAnother();
      const results = await race(12, (i) =>
        (i % 2 ? other : store).acquireServerLocks(lock(`operation:${i}`)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const winner = results.findIndex((r) => r.ok);
      for (const r of results) if (!r.ok) expect(r.held.holder).toBe(`operation:${winner}`);
    });

    it('takes several servers all or none, and one free slot does not free the other', async () => {
      const { store } = ctx.harness;
      expect(await store.acquireServerLocks(lock('operation:a', ['huawei:2']))).toEqual({ ok: true });
      const refused = await store.acquireServerLocks(
        lock('operation:b', ['huawei:1', 'huawei:2', 'huawei:3']),
      );
      expect(refused).toMatchObject({ ok: false, held: { holder: 'operation:a', serverKey: 'huawei:2' } });
      expect(await store.getServerLock('huawei:1', 'acting')).toBeNull();
      expect(await store.getServerLock('huawei:3', 'acting')).toBeNull();
      expect(
        await store.acquireServerLocks({ ...lock('approval:r', ['huawei:2']), slot: 'request' }),
      ).toEqual({
        ok: true,
      });
      expect(await store.releaseServerLocks('operation:a')).toBe(1);
      expect(await store.acquireServerLocks(lock('operation:b', ['huawei:1', 'huawei:2']))).toEqual({
        ok: true,
      });
    });

    it('ends an operation’s lock with the operation, in the same transition', async () => {
      const { store, clock } = ctx.harness;
      const op = await store.createOperation(
        operation({ phase: 'calling', lease: { owner: 'me', expiresAt: clock.now() + minute } }),
      );
      expect(op).toMatchObject({ phase: 'calling', leaseOwner: 'me', outcome: null });
      await store.acquireServerLocks(lock(`operation:${op.id}`));
      expect(
        await store.completeOperation(op.id, 'me', {
          state: 'failed',
          outcome: 'refused',
          status: null,
          at: 1,
        }),
      ).toBe(true);
      expect((await store.getOperation(op.id))?.outcome).toBe('refused');
      expect(await store.getServerLock('hostup:vps_1', 'acting')).toBeNull();
    });

    it('ends a request’s lock when it is rejected, cancelled, expires, fails or runs', async () => {
      const { store, clock } = ctx.harness;
      const open = async (id: string) => {
        await store.createApproval({
          id,
          requester: 'U_ANA',
          actionKind: 'restore',
          target: 'vps_1',
          payload: {},
          reason: '',
          channel: 'C1',
          requiredApprovals: 1,
          expiresAt: clock.now() + minute,
        });
        expect(await store.acquireServerLocks({ ...lock(`approval:${id}`), slot: 'request' })).toEqual({
          ok: true,
        });
      };
      const free = async () => expect(await store.getServerLock('hostup:vps_1', 'request')).toBeNull();

      await open('r1');
      await store.rejectApproval('r1', { by: 'U_BO', now: clock.now() });
      await free();
      await open('r2');
      await store.cancelApproval('r2', { by: 'U_ANA', now: clock.now() });
      await free();
      await open('r3');
      await store.expireApprovals(clock.now() + 2 * minute);
      await free();
      await open('r4');
      await store.addApproval('r4', 'U_BO', clock.now());
      await store.markApprovalFailed('r4', 'gone', clock.now());
      await free();
      await open('r5');
      await store.addApproval('r5', 'U_BO', clock.now());
      expect(await store.markApprovalRun('r5', { operationId: 'op-x', now: clock.now() })).toBe(true);
      await free();
      expect(await store.getApproval('r5')).toMatchObject({ status: 'executed', operationId: 'op-x' });
    });
  });

  describe('approved requests waiting to run', () => {
    const approved = async (store: Store, id: string, now: number) => {
      await store.createApproval({
        id,
        requester: 'U_ANA',
        actionKind: 'restore',
        target: 'vps_1',
        payload: {},
        reason: '',
        channel: 'C1',
        requiredApprovals: 1,
        expiresAt: now + 30 * minute,
      });
      return store.addApproval(id, 'U_BO', now);
    };

    it('are due from the last vote, or from the time a countdown set, until one run takes them', async () => {
      const { store, clock } = ctx.harness;
      const now = clock.now();
      expect(await approved(store, 'due-1', now)).toMatchObject({ complete: true, approval: { runAt: now } });
      await approved(store, 'due-2', now);
      expect(await store.scheduleApprovalRun('due-2', now + 30_000)).toBe(true);
      expect((await store.listDueApprovals(now)).map((a) => a.id)).toEqual(['due-1']);
      expect((await store.listDueApprovals(now + 30_000)).map((a) => a.id)).toEqual(['due-1', 'due-2']);
      const other = await ctx.harness.openAnother();
      const runs = await race(6, (i) =>
        (i % 2 ? other : store).markApprovalRun('due-1', { operationId: `op${i}`, now }),
      );
      expect(runs.filter(Boolean)).toHaveLength(1);
      expect((await store.listDueApprovals(now + 30_000)).map((a) => a.id)).toEqual(['due-2']);
    });
  });

  describe('the acting journal', () => {
    it('records a call before it is sent and closes it once with what came back', async () => {
      const { store, clock } = ctx.harness;
      const op = await store.createOperation(operation({ jobId: null, phase: 'calling' }));
      const call = await store.recordCallStart({
        operationId: op.id,
        provider: 'hostup',
        action: 'restart',
        target: 'vps_1',
        request: { method: 'POST', path: '/api/v2/vps/vps_1/actions/restart' },
        requester: 'U_ANA',
        executor: 'U_ANA',
        correlationId: 'corr',
      });
      expect(call).toMatchObject({ state: 'calling', answeredAt: null, result: null, calledAt: clock.now() });
      expect(
        await store.recordCallEnd(call.id, { state: 'answered', result: { jobId: 'job_9' }, now: 5 }),
      ).toBe(true);
      expect(await store.recordCallEnd(call.id, { state: 'unknown', result: { lost: true }, now: 6 })).toBe(
        false,
      );
      expect(await store.listCalls(op.id)).toEqual([
        expect.objectContaining({
          id: call.id,
          state: 'answered',
          answeredAt: 5,
          result: { jobId: 'job_9' },
        }),
      ]);
    });
  });
}
