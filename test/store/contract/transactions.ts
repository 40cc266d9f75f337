import { describe, expect, it } from 'vitest';
import type { StoreTx } from '../../../src/store/store.js';
import { type ContractContext, minute } from './harness.js';

export function transactionContract(ctx: ContractContext): void {
  /** "Create the approval + queue its message + write the audit entry", the way a use case does it. */
  const requestRestore = async (tx: StoreTx, id: string) => {
    const approval = await tx.createApproval({
      id,
      requester: 'U_ANA',
      actionKind: 'restore',
      target: 'vps_1',
      payload: { request: { kind: 'restore' } },
      reason: '',
      channel: 'C1',
      requiredApprovals: 1,
      expiresAt: ctx.harness.clock.now() + 30 * minute,
    });
    await tx.enqueueMessage({
      kind: 'post',
      channel: 'C1',
      approvalId: approval.id,
      anchor: 'root',
      payload: { n: 1 },
      dedupeKey: `approval:${id}:root`,
    });
    await tx.appendAudit({ actor: 'U_ANA', action: 'restore', target: 'vps_1', outcome: 'requested' });
    return approval;
  };

  describe('transactions', () => {
    it('commits every step of a use case together', async () => {
      const { store } = ctx.harness;
      const approval = await store.transaction((tx) => requestRestore(tx, 'a-commit'));
      expect((await store.getApproval(approval.id))?.status).toBe('pending');
      expect(await store.outboxDepth()).toBe(1);
      expect(await store.listAudit()).toHaveLength(1);
    });

    it('leaves nothing behind when a step throws, not even the steps before it', async () => {
      const { store } = ctx.harness;
      await expect(
        store.transaction(async (tx) => {
          await requestRestore(tx, 'a-rollback');
          throw new Error('the process died here');
        }),
      ).rejects.toThrow('the process died here');
      expect(await store.getApproval('a-rollback')).toBeNull();
      expect(await store.outboxDepth()).toBe(0);
      expect(await store.listAudit()).toEqual([]);
    });

    it('joins an enclosing transaction, so a nested step rolls back with it', async () => {
      const { store } = ctx.harness;
      await expect(
        store.transaction(async (tx) => {
          await tx.transaction((inner) => requestRestore(inner, 'a-nested'));
          throw new Error('later step failed');
        }),
      ).rejects.toThrow('later step failed');
      expect(await store.getApproval('a-nested')).toBeNull();
      expect(await store.outboxDepth()).toBe(0);
    });

    it('never shows another connection the rows of a transaction that rolls back', async () => {
      const { store } = ctx.harness;
      const other = await ctx.harness.openAnother();
      let seenInside: string | undefined;
      let outside: Promise<unknown> = Promise.resolve();
      await expect(
        store.transaction(async (tx) => {
          await requestRestore(tx, 'a-isolated');
          seenInside = (await tx.getApproval('a-isolated'))?.status;
          // Another replica reading now either sees nothing (PostgreSQL) or waits for the end (SQLite).
          outside = other.getApproval('a-isolated');
          await new Promise((resolve) => setTimeout(resolve, 20));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(seenInside).toBe('pending');
      expect(await outside).toBeNull();
      expect(await other.outboxDepth()).toBe(0);
    });
  });
}
