import { describe, expect, it } from 'vitest';
import { migrations } from '../../../src/store/migrations/index.js';
import type { Store } from '../../../src/store/store.js';
import { type ContractContext, minute, restoreRequest } from './harness.js';

/** Every method name a store object answers to, up its prototype chain. */
function methodNames(store: Store): string[] {
  const names = new Set<string>();
  for (
    let proto: object | null = store;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
  }
  return [...names];
}

export function auditAndLifecycleContract(ctx: ContractContext): void {
  describe('audit trail', () => {
    it('lists entries newest first, filtered by target and limited', async () => {
      const { store, clock } = ctx.harness;
      const first = await store.appendAudit({
        actor: 'U_ANA',
        action: 'restart',
        target: 'vps_1',
        outcome: 'requested',
        detail: { via: 'slash' },
        correlationId: 'c1',
      });
      expect(first).toMatchObject({ at: clock.now(), detail: { via: 'slash' }, correlationId: 'c1' });
      clock.advance(1000);
      await store.appendAudit({ actor: 'U_BOB', action: 'restart', target: 'vps_2', outcome: 'refused' });
      clock.advance(1000);
      await store.appendAudit({ actor: 'system', action: 'restart', target: 'vps_1', outcome: 'executed' });
      const all = await store.listAudit();
      expect(all.map((e) => e.outcome)).toEqual(['executed', 'refused', 'requested']);
      expect(all[1]).toMatchObject({ detail: {}, correlationId: null });
      expect((await store.listAudit({ target: 'vps_1' })).map((e) => e.outcome)).toEqual([
        'executed',
        'requested',
      ]);
      expect((await store.listAudit({ target: 'vps_1', limit: 1 })).map((e) => e.outcome)).toEqual([
        'executed',
      ]);
      expect((await store.listAudit({ actor: 'U_BOB' })).map((e) => e.target)).toEqual(['vps_2']);
      expect((await store.listAudit({ correlationId: 'c1' })).map((e) => e.id)).toEqual([first.id]);
    });

    it('orders entries with the same time by when they were appended', async () => {
      const { store } = ctx.harness;
      for (const outcome of ['requested', 'approved', 'executed']) {
        await store.appendAudit({ actor: 'U_ANA', action: 'restore', target: 'vps_1', outcome });
      }
      expect((await store.listAudit()).map((e) => e.outcome)).toEqual(['executed', 'approved', 'requested']);
    });

    it('offers no way to change or remove an audit entry', () => {
      const auditMethods = methodNames(ctx.harness.store).filter((name) => /audit/i.test(name));
      expect(auditMethods.sort()).toEqual(['appendAudit', 'listAudit', 'listAuditSince']);
    });

    it('lists the entries since a time in the order they were appended, keeping the newest when capped', async () => {
      const { store, clock } = ctx.harness;
      const start = clock.now();
      await store.appendAudit({
        actor: 'U_ANA',
        action: 'restart',
        target: 'vps_1',
        outcome: 'old',
        at: start - 1,
      });
      for (const outcome of ['a', 'b', 'c']) {
        await store.appendAudit({ actor: 'U_ANA', action: 'restart', target: 'vps_1', outcome, at: start });
      }
      clock.advance(1000);
      await store.appendAudit({ actor: 'U_ANA', action: 'restart', target: 'vps_1', outcome: 'd' });
      expect((await store.listAuditSince(start, 100)).map((e) => e.outcome)).toEqual(['a', 'b', 'c', 'd']);
      expect((await store.listAuditSince(start, 2)).map((e) => e.outcome)).toEqual(['c', 'd']);
    });
  });

  describe('lifecycle', () => {
    it('answers ping while open and refuses work once closed, and closing twice is harmless', async () => {
      const { store } = ctx.harness;
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await store.close();
      await expect(store.ping()).rejects.toThrow();
    });

    it('keeps every kind of state across close and reopen of the same database', async () => {
      const { store, clock } = ctx.harness;
      const confirmation = await store.createConfirmation({
        requester: 'U_ANA',
        kind: 'hostname',
        target: 'vps_1',
        payload: { hostname: 'web-01.example.com' },
        channel: 'C1',
        expiresAt: clock.now() + minute,
      });
      await store.claimInteraction('click-9', clock.now());
      const approval = await store.createApproval(restoreRequest(clock, { requiredApprovals: 2 }));
      await store.addApproval(approval.id, 'U_BOB', clock.now());
      const op = await store.createOperation(
        {
          provider: 'huawei',
          targetId: 'srv-1',
          targetName: 'app-1',
          action: 'reboot',
          requester: 'U_ANA',
          correlationId: 'c9',
          jobId: 'hw-job',
          channel: 'C1',
        },
        { messages: [{ kind: 'post', channel: 'C1', payload: { text: 'rebooting' }, dedupeKey: 'hw:root' }] },
      );
      await store.recordDuration('huawei', 'reboot', 12_000);
      await store.appendAudit({ actor: 'U_ANA', action: 'reboot', target: 'srv-1', outcome: 'requested' });
      await store.close();

      const again = await ctx.harness.openAnother();
      expect(await again.getConfirmation(confirmation.id)).toEqual(confirmation);
      expect(await again.claimInteraction('click-9', clock.now())).toBe(false);
      expect((await again.getApproval(approval.id))?.approvals.map((v) => v.userId)).toEqual(['U_BOB']);
      expect(await again.findOperationByJobId('huawei', 'hw-job')).toEqual(op);
      expect(await again.outboxDepth()).toBe(1);
      expect(await again.typicalDuration('huawei', 'reboot')).toBe(12_000);
      expect(await again.listAudit({ target: 'srv-1' })).toHaveLength(1);
    });

    it('records every migration once, however many times the database is opened', async () => {
      const { store } = ctx.harness;
      await store.appendAudit({ actor: 'a', action: 'b', target: 't', outcome: 'requested' });
      const second = await ctx.harness.openAnother();
      const third = await ctx.harness.openAnother();
      expect(migrations.length).toBeGreaterThan(0);
      for (const s of [store, second, third]) expect(s.migrationsApplied()).toBe(migrations.length);
      expect(await third.listAudit()).toHaveLength(1);
    });
  });
}
