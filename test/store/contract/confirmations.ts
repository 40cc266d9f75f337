import { describe, expect, it } from 'vitest';
import type { NewConfirmation } from '../../../src/store/store.js';
import { type ContractContext, minute, race } from './harness.js';

export function confirmationContract(ctx: ContractContext): void {
  const pending = (overrides: Partial<NewConfirmation> = {}): NewConfirmation => ({
    requester: 'U_ANA',
    kind: 'power',
    target: 'vps_1',
    payload: { action: 'restart', names: ['web-01'] },
    channel: 'C1',
    expiresAt: ctx.harness.clock.now() + 5 * minute,
    ...overrides,
  });

  describe('confirmations', () => {
    it('reads back a created confirmation with its payload and no decision', async () => {
      const { store, clock } = ctx.harness;
      const created = await store.createConfirmation(pending());
      expect(await store.getConfirmation(created.id)).toEqual({
        id: created.id,
        requester: 'U_ANA',
        kind: 'power',
        target: 'vps_1',
        payload: { action: 'restart', names: ['web-01'] },
        channel: 'C1',
        status: 'pending',
        createdAt: clock.now(),
        expiresAt: clock.now() + 5 * minute,
        decidedBy: null,
        decidedAt: null,
        replyUrl: null,
      });
      expect(await store.getConfirmation('nope')).toBeNull();
    });

    it('lets the requester confirm once and refuses the second decision', async () => {
      const { store, clock } = ctx.harness;
      const { id } = await store.createConfirmation(pending());
      const now = clock.now() + 1000;
      const first = await store.decideConfirmation(id, { by: 'U_ANA', decision: 'confirmed', now });
      expect(first).toMatchObject({
        ok: true,
        confirmation: { status: 'confirmed', decidedBy: 'U_ANA', decidedAt: now },
      });
      const second = await store.decideConfirmation(id, { by: 'U_ANA', decision: 'cancelled', now });
      expect(second).toMatchObject({
        ok: false,
        reason: 'already_decided',
        confirmation: { status: 'confirmed' },
      });
    });

    it('refuses someone other than the requester and leaves it pending', async () => {
      const { store, clock } = ctx.harness;
      const { id } = await store.createConfirmation(pending());
      const result = await store.decideConfirmation(id, {
        by: 'U_BOB',
        decision: 'confirmed',
        now: clock.now(),
      });
      expect(result).toMatchObject({ ok: false, reason: 'not_requester' });
      expect((await store.getConfirmation(id))?.status).toBe('pending');
    });

    it('expires each confirmation once: pending past its time, or marked expired by a late click', async () => {
      const { store, clock } = ctx.harness;
      const replyUrl = 'https://hooks.slack.example/response/1';
      const late = await store.createConfirmation(pending({ replyUrl }));
      const clicked = await store.createConfirmation(pending());
      const fresh = await store.createConfirmation(pending({ expiresAt: clock.now() + 60 * minute }));
      const done = await store.createConfirmation(pending());
      await store.decideConfirmation(done.id, { by: 'U_ANA', decision: 'confirmed', now: clock.now() });
      const after = clock.now() + 6 * minute;
      await store.decideConfirmation(clicked.id, { by: 'U_ANA', decision: 'confirmed', now: after });

      const second = await ctx.harness.openAnother();
      const [a, b] = await Promise.all([store.expireConfirmations(after), second.expireConfirmations(after)]);
      const expired = [...a, ...b];
      expect(expired.map((c) => c.id).sort()).toEqual([late.id, clicked.id].sort());
      expect(expired.find((c) => c.id === late.id)).toMatchObject({ status: 'expired', replyUrl });
      expect(await store.expireConfirmations(after + minute)).toEqual([]);
      expect((await store.getConfirmation(fresh.id))?.status).toBe('pending');
      expect((await store.getConfirmation(done.id))?.status).toBe('confirmed');
    });

    it('remembers who opened the App Home', async () => {
      const { store, clock } = ctx.harness;
      await store.recordHomeViewer('U_ANA', clock.now());
      await store.recordHomeViewer('U_ANA', clock.now() + minute);
      await store.recordHomeViewer('U_BO', clock.now());
      expect((await store.homeViewers(['U_ANA', 'U_CY', 'U_BO', 'U_ANA'])).sort()).toEqual(['U_ANA', 'U_BO']);
      expect(await store.homeViewers([])).toEqual([]);
    });

    it('refuses a decision at or after expiry and marks the confirmation expired', async () => {
      const { store, clock } = ctx.harness;
      const { id, expiresAt } = await store.createConfirmation(pending());
      const result = await store.decideConfirmation(id, {
        by: 'U_ANA',
        decision: 'confirmed',
        now: expiresAt,
      });
      expect(result).toMatchObject({ ok: false, reason: 'expired', confirmation: { status: 'expired' } });
      const again = await store.decideConfirmation(id, {
        by: 'U_ANA',
        decision: 'confirmed',
        now: clock.now(),
      });
      expect(again).toMatchObject({ ok: false, reason: 'expired' });
    });

    it('answers not_found for an unknown id', async () => {
      const { store, clock } = ctx.harness;
      const result = await store.decideConfirmation('missing', {
        by: 'U_ANA',
        decision: 'confirmed',
        now: clock.now(),
      });
      expect(result).toEqual({ ok: false, reason: 'not_found' });
    });

    it('lets exactly one of 50 concurrent deciders win', async () => {
      const { store, clock } = ctx.harness;
      const { id } = await store.createConfirmation(pending());
      const results = await race(50, (i) =>
        store.decideConfirmation(id, {
          by: 'U_ANA',
          decision: i % 2 ? 'cancelled' : 'confirmed',
          now: clock.now(),
        }),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === 'already_decided')).toHaveLength(49);
    });

    it('lets exactly one decider win when two store instances race on the same database', async () => {
      const { store, clock } = ctx.harness;
      const other = await ctx.harness.openAnother();
      const { id } = await store.createConfirmation(pending());
      const results = await race(50, (i) =>
        (i % 2 ? other : store).decideConfirmation(id, {
          by: 'U_ANA',
          decision: 'confirmed',
          now: clock.now(),
        }),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect((await other.getConfirmation(id))?.status).toBe('confirmed');
    });
  });

  describe('processed interactions', () => {
    it('claims a key the first time only', async () => {
      const { store, clock } = ctx.harness;
      expect(await store.claimInteraction('trigger-1', clock.now())).toBe(true);
      expect(await store.claimInteraction('trigger-1', clock.now())).toBe(false);
      expect(await store.claimInteraction('trigger-2', clock.now())).toBe(true);
    });

    it('gives exactly one of 50 concurrent claims, across two store instances, the key', async () => {
      const { store, clock } = ctx.harness;
      const other = await ctx.harness.openAnother();
      const results = await race(50, (i) => (i % 2 ? other : store).claimInteraction('click-1', clock.now()));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('forgets only keys claimed before the cut-off when pruned', async () => {
      const { store, clock } = ctx.harness;
      const start = clock.now();
      await store.claimInteraction('old', start);
      await store.claimInteraction('new', start + minute);
      expect(await store.pruneInteractions(start + 1)).toBe(1);
      expect(await store.claimInteraction('old', start + 2 * minute)).toBe(true);
      expect(await store.claimInteraction('new', start + 2 * minute)).toBe(false);
    });
  });
}
