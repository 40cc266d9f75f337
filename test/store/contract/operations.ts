import { describe, expect, it } from 'vitest';
import type { NewOperation } from '../../../src/store/store.js';
import { type ContractContext, race } from './harness.js';

const leaseMs = 30_000;

export function operationContract(ctx: ContractContext): void {
  let jobs = 0;
  const operation = (overrides: Partial<NewOperation> = {}): NewOperation => ({
    provider: 'hostup',
    targetId: 'vps_1',
    targetName: 'web-01',
    action: 'restart',
    requester: 'U_ANA',
    correlationId: 'corr-1',
    jobId: `job_${++jobs}`,
    pollUrl: `/api/jobs/job_${jobs}`,
    channel: 'C1',
    status: 'queued',
    meta: { force: false },
    ...overrides,
  });

  describe('tracked operations', () => {
    it('reads back a created operation, active and due at once, also by its job id', async () => {
      const { store, clock } = ctx.harness;
      const op = await store.createOperation(operation({ jobId: 'job_a', expectedDurationMs: 40_000 }));
      expect(op).toMatchObject({
        provider: 'hostup',
        jobId: 'job_a',
        state: 'active',
        status: 'queued',
        startedAt: clock.now(),
        nextPollAt: clock.now(),
        attempts: 0,
        consecutiveFailures: 0,
        leaseOwner: null,
        expectedDurationMs: 40_000,
        meta: { force: false },
      });
      expect(await store.getOperation(op.id)).toEqual(op);
      expect((await store.findOperationByJobId('hostup', 'job_a'))?.id).toBe(op.id);
      expect(await store.findOperationByJobId('huawei', 'job_a')).toBeNull();
      expect((await store.listActiveOperations()).map((o) => o.id)).toEqual([op.id]);
    });

    it('refuses to track the same provider job twice', async () => {
      const { store } = ctx.harness;
      await store.createOperation(operation({ jobId: 'job_dup' }));
      await expect(store.createOperation(operation({ jobId: 'job_dup' }))).rejects.toMatchObject({
        code: 'operation_exists',
      });
    });

    it('creates an operation and its first messages together, or neither', async () => {
      const { store } = ctx.harness;
      const ok = await store.createOperation(operation({ id: 'op-1' }), {
        messages: [{ id: 'm-root', kind: 'post', channel: 'C1', payload: { text: 'restarting' } }],
      });
      expect(await store.getMessage('m-root')).toMatchObject({ operationId: ok.id, status: 'pending' });
      await expect(
        store.createOperation(operation({ id: 'op-2' }), {
          messages: [{ id: 'm-root', kind: 'post', channel: 'C1', payload: { text: 'clash' } }],
        }),
      ).rejects.toThrow();
      expect(await store.getOperation('op-2')).toBeNull();
    });

    it('leases only due operations, by next poll time, up to the limit', async () => {
      const { store, clock } = ctx.harness;
      const now = clock.now();
      const late = await store.createOperation(operation({ nextPollAt: now - 1000 }));
      const early = await store.createOperation(operation({ nextPollAt: now - 5000 }));
      await store.createOperation(operation({ nextPollAt: now + 5000 }));
      await store.createOperation(operation({ nextPollAt: now - 10 }));
      const claimed = await store.claimDueOperations({ owner: 'w1', now, leaseMs, limit: 2 });
      expect(claimed.map((o) => o.id)).toEqual([early.id, late.id]);
      expect(claimed[0]).toMatchObject({ leaseOwner: 'w1', leaseExpiresAt: now + leaseMs });
    });

    it('does not hand a leased operation to another worker until the lease expires, then lets it take over', async () => {
      const { store, clock } = ctx.harness;
      const op = await store.createOperation(operation());
      expect(
        await store.claimDueOperations({ owner: 'w1', now: clock.now(), leaseMs, limit: 10 }),
      ).toHaveLength(1);
      expect(
        await store.claimDueOperations({ owner: 'w2', now: clock.now() + leaseMs - 1, leaseMs, limit: 10 }),
      ).toEqual([]);
      expect(await store.updateOperation(op.id, 'w1', { progress: 10 })).toBe(true);
      const takeover = await store.claimDueOperations({
        owner: 'w2',
        now: clock.now() + leaseMs,
        leaseMs,
        limit: 10,
      });
      expect(takeover.map((o) => [o.id, o.leaseOwner])).toEqual([[op.id, 'w2']]);
      expect(await store.updateOperation(op.id, 'w1', { progress: 99 })).toBe(false);
      expect(await store.updateOperation(op.id, 'w2', { progress: 50, status: 'in_progress' })).toBe(true);
      expect(await store.getOperation(op.id)).toMatchObject({
        progress: 50,
        status: 'in_progress',
        leaseOwner: 'w2',
      });
    });

    it('extends a lease only for its holder', async () => {
      const { store, clock } = ctx.harness;
      const op = await store.createOperation(operation());
      await store.claimDueOperations({ owner: 'w1', now: clock.now(), leaseMs, limit: 1 });
      expect(await store.extendLease(op.id, 'w2', { now: clock.now(), leaseMs: 5 * leaseMs })).toBe(false);
      expect(await store.extendLease(op.id, 'w1', { now: clock.now(), leaseMs: 5 * leaseMs })).toBe(true);
      expect(
        await store.claimDueOperations({ owner: 'w2', now: clock.now() + 2 * leaseMs, leaseMs, limit: 1 }),
      ).toEqual([]);
    });

    it('hands each due operation to exactly one of two racing store instances', async () => {
      const { store, clock } = ctx.harness;
      const other = await ctx.harness.openAnother();
      for (let i = 0; i < 12; i++) await store.createOperation(operation());
      const batches = await race(8, (i) =>
        (i % 2 ? other : store).claimDueOperations({ owner: `w${i}`, now: clock.now(), leaseMs, limit: 3 }),
      );
      const ids = batches.flat().map((o) => o.id);
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size).toBe(12);
    });

    it('records a poll, enqueues its messages and frees the lease in one step, only for the holder', async () => {
      const { store, clock } = ctx.harness;
      const op = await store.createOperation(operation());
      await store.claimDueOperations({ owner: 'w1', now: clock.now(), leaseMs, limit: 1 });
      const message = {
        kind: 'post' as const,
        channel: 'C1',
        payload: { text: '50%' },
        dedupeKey: `${op.id}:50`,
      };
      expect(await store.recordPoll(op.id, 'w2', { progress: 50 }, [message])).toBe(false);
      expect(await store.outboxDepth()).toBe(0);
      const next = clock.now() + 5000;
      expect(
        await store.recordPoll(op.id, 'w1', { progress: 50, nextPollAt: next, attempts: 1 }, [message]),
      ).toBe(true);
      expect(await store.getOperation(op.id)).toMatchObject({
        progress: 50,
        nextPollAt: next,
        leaseOwner: null,
      });
      expect(await store.outboxDepth()).toBe(1);
      expect(await store.claimDueOperations({ owner: 'w2', now: next - 1, leaseMs, limit: 1 })).toEqual([]);
      expect(await store.claimDueOperations({ owner: 'w2', now: next, leaseMs, limit: 1 })).toHaveLength(1);
    });

    it('completes an operation once, after which it is neither active nor claimable', async () => {
      const { store, clock } = ctx.harness;
      const op = await store.createOperation(operation());
      await store.claimDueOperations({ owner: 'w1', now: clock.now(), leaseMs, limit: 1 });
      const at = clock.now() + 42_000;
      const final = [
        { kind: 'post' as const, channel: 'C1', payload: { text: 'done' }, dedupeKey: `${op.id}:done` },
      ];
      expect(
        await store.completeOperation(op.id, 'w1', { state: 'done', status: 'completed', at }, final),
      ).toBe(true);
      expect(await store.completeOperation(op.id, 'w1', { state: 'failed', status: 'failed', at })).toBe(
        false,
      );
      expect(await store.getOperation(op.id)).toMatchObject({
        state: 'done',
        status: 'completed',
        terminalAt: at,
        leaseOwner: null,
      });
      expect(await store.listActiveOperations()).toEqual([]);
      expect(await store.claimDueOperations({ owner: 'w2', now: at + leaseMs, leaseMs, limit: 5 })).toEqual(
        [],
      );
      expect(await store.outboxDepth()).toBe(1);
    });

    it('releases every lease of a stopping worker so another can claim at once', async () => {
      const { store, clock } = ctx.harness;
      await store.createOperation(operation());
      await store.createOperation(operation());
      await store.claimDueOperations({ owner: 'w1', now: clock.now(), leaseMs, limit: 5 });
      expect(await store.releaseLease('w1')).toBe(2);
      expect(await store.releaseLease('w1')).toBe(0);
      expect(
        await store.claimDueOperations({ owner: 'w2', now: clock.now(), leaseMs, limit: 5 }),
      ).toHaveLength(2);
    });

    it('estimates a typical duration as the median of the last 20 recorded', async () => {
      const { store } = ctx.harness;
      expect(await store.typicalDuration('hostup', 'restart')).toBeNull();
      for (let i = 1; i <= 5; i++) await store.recordDuration('hostup', 'restart', 1_000_000);
      for (let i = 1; i <= 20; i++) await store.recordDuration('hostup', 'restart', i * 1000);
      await store.recordDuration('huawei', 'restart', 5);
      expect(await store.typicalDuration('hostup', 'restart')).toBe(10_500);
      await store.recordDuration('hostup', 'start', 7000);
      expect(await store.typicalDuration('hostup', 'start')).toBe(7000);
    });
  });
}
