import { describe, expect, it } from 'vitest';
import type { DeliveryBudget, NewOutboxMessage, Store } from '../../../src/store/store.js';
import { type ContractContext, race, restoreRequest } from './harness.js';

const leaseMs = 10_000;

/** Coalescing, priorities, the shared delivery budget, uncertain attempts, and replica heartbeats. */
export function deliveryContract(ctx: ContractContext): void {
  const claim = (owner: string, now = ctx.harness.clock.now(), limit = 10, budget?: DeliveryBudget) =>
    ctx.harness.store.claimDueMessages({ owner, now, leaseMs, limit, ...(budget ? { budget } : {}) });
  const texts = (messages: { payload: unknown }[]) =>
    messages.map((m) => (m.payload as { text: string }).text);

  /** An operation whose root is already in Slack (ts 500.1), so its follow-ups are claimable. */
  async function postedOperation(store: Store, channel = 'C1') {
    const op = await store.createOperation(
      {
        provider: 'hostup',
        targetId: `vps_${channel}`,
        targetName: 'web-01',
        action: 'restart',
        requester: 'U_ANA',
        correlationId: 'c1',
        channel,
      },
      { messages: [{ kind: 'post', channel, anchor: 'root', payload: { text: 'root' } }] },
    );
    const [root] = await claim('setup');
    await store.markMessageSent(root!.id, 'setup', { ts: '500.1', now: ctx.harness.clock.now() });
    const follow = (kind: 'post' | 'update', text: string, extra: Partial<NewOutboxMessage> = {}) =>
      store.enqueueMessage({
        operationId: op.id,
        kind,
        channel,
        anchor: 'follow',
        payload: { text },
        ...extra,
      });
    return { op, follow };
  }

  describe('outbox coalescing and priorities', () => {
    it('sends only the newest of several unsent edits of a message; the others end superseded', async () => {
      const { store } = ctx.harness;
      const { follow } = await postedOperation(store);
      const first = await follow('update', 'queued');
      const second = await follow('update', 'in progress 40%');
      const newest = await follow('update', 'in progress 80%');
      expect(texts(await claim('s1'))).toEqual(['in progress 80%']);
      expect(await store.getMessage(first.id)).toMatchObject({
        status: 'superseded',
        supersededBy: second.id,
      });
      expect(await store.getMessage(second.id)).toMatchObject({
        status: 'superseded',
        supersededBy: newest.id,
      });
      expect(await store.outboxDepth()).toBe(1);
    });

    it('lets an edit already handed out go, and holds the newer one until it is done', async () => {
      const { store, clock } = ctx.harness;
      const { follow } = await postedOperation(store);
      await follow('update', 'older');
      const [inFlight] = await claim('s1');
      await follow('update', 'newer');
      expect(await claim('s2')).toEqual([]);
      await store.markMessageSent(inFlight!.id, 's1', { ts: '500.1', now: clock.now() });
      expect(texts(await claim('s2'))).toEqual(['newer']);
    });

    it('posts a root that was never handed out with the content of an edit enqueued meanwhile', async () => {
      const { store } = ctx.harness;
      const op = await store.createOperation(
        {
          provider: 'hostup',
          targetId: 'vps_9',
          targetName: 'web-09',
          action: 'restart',
          requester: 'U_ANA',
          correlationId: 'c9',
          channel: 'C1',
        },
        { messages: [{ kind: 'post', channel: 'C1', anchor: 'root', payload: { text: 'queued' } }] },
      );
      const edit = await store.enqueueMessage({
        operationId: op.id,
        kind: 'update',
        channel: 'C1',
        anchor: 'follow',
        payload: { text: 'completed' },
      });
      const handed = await claim('s1');
      expect(handed.map((m) => [m.anchor, (m.payload as { text: string }).text])).toEqual([
        ['root', 'completed'],
      ]);
      expect(await store.getMessage(edit.id)).toMatchObject({
        status: 'superseded',
        supersededBy: handed[0]!.id,
      });
    });

    it('drops the progress replies a final reply makes moot, and never drops the final reply', async () => {
      const { store } = ctx.harness;
      const { op, follow } = await postedOperation(store);
      const progress = { coalesceKey: `${op.id}:progress` };
      await follow('post', '25%', progress);
      const p2 = await follow('post', '50%', progress);
      const final = await follow('post', 'completed', { coalesceKey: null, supersedes: `${op.id}:progress` });
      // A late progress reply (another worker's stale poll) supersedes other progress, not the final.
      await follow('post', '75%', progress);
      expect(await store.getMessage(p2.id)).toMatchObject({ status: 'superseded', supersededBy: final.id });
      expect(await store.getMessage(final.id)).toMatchObject({ status: 'pending', supersededBy: null });
      expect(texts(await claim('s1'))).toEqual(['completed']);
    });

    it('does not supersede anything when the enqueue was a duplicate', async () => {
      const { store } = ctx.harness;
      const { follow } = await postedOperation(store);
      await follow('update', 'a', { dedupeKey: 'k-a' });
      const b = await follow('update', 'b', { dedupeKey: 'k-b' });
      expect((await follow('update', 'a again', { dedupeKey: 'k-a' })).enqueued).toBe(false);
      expect(await store.getMessage(b.id)).toMatchObject({ status: 'pending' });
    });

    it('hands out first-priority messages before normal ones, and progress last, across threads', async () => {
      const { store, clock } = ctx.harness;
      const post = (text: string, priority: NewOutboxMessage['priority'], thread: string) =>
        store.enqueueMessage({ kind: 'post', channel: 'C1', threadTs: thread, payload: { text }, priority });
      await post('progress', 'last', '1.1');
      clock.advance(1);
      await post('note', 'normal', '2.2');
      clock.advance(1);
      await post('final', 'first', '3.3');
      expect(texts(await claim('s1', clock.now(), 2))).toEqual(['final', 'note']);
      expect(texts(await claim('s1', clock.now(), 2))).toEqual(['progress']);
    });

    it('an operation approved before its request’s message was recorded waits for that message, then threads under it', async () => {
      const { store, clock } = ctx.harness;
      const approval = await store.createApproval(restoreRequest(clock));
      await store.enqueueMessage({
        approvalId: approval.id,
        kind: 'post',
        channel: 'C1',
        anchor: 'root',
        payload: { text: 'request' },
      });
      // Slack has the request; its answer (the ts) is not recorded yet when the approver clicks.
      const [request] = await claim('s0');
      expect(await store.addApproval(approval.id, 'U_BOB', clock.now())).toMatchObject({ complete: true });
      const op = await store.transaction(async (tx) => {
        const created = await tx.createOperation(
          {
            provider: 'hostup',
            targetId: 'vps_1',
            targetName: 'web-01',
            action: 'restore',
            requester: 'U_ANA',
            correlationId: 'c1',
            channel: 'C1',
          },
          { messages: [{ kind: 'post', channel: 'C1', anchor: 'follow', payload: { text: 'restored' } }] },
        );
        await tx.markApprovalRun(approval.id, { operationId: created.id, now: clock.now() });
        return created;
      });
      expect(await claim('s1')).toEqual([]);
      await store.markMessageSent(request!.id, 's0', { ts: '700.1', now: clock.now() });
      expect((await store.getOperation(op.id))?.rootTs).toBe('700.1');
      expect(await claim('s1')).toMatchObject([{ threadTs: '700.1', payload: { text: 'restored' } }]);
    });
  });

  describe('the delivery budget', () => {
    // The workspace rule's interval (60 000 / 280 ms) is not a whole number of ms.
    const perChannel: DeliveryBudget = {
      post: [
        { per: 'channel', perMinute: 60, burst: 2 },
        { per: 'workspace', perMinute: 280, burst: 20 },
      ],
    };
    const inThreads = async (channel: string, count: number) => {
      for (let i = 0; i < count; i++) {
        await ctx.harness.store.enqueueMessage({
          kind: 'post',
          channel,
          threadTs: `${channel}.${i}`,
          payload: { text: `${channel}-${i}` },
        });
      }
    };

    it('keeps each channel within its own budget while other channels go on', async () => {
      const { clock } = ctx.harness;
      await inThreads('C1', 5);
      await inThreads('C2', 1);
      expect(texts(await claim('s1', clock.now(), 10, perChannel))).toEqual(['C1-0', 'C1-1', 'C2-0']);
      expect(await claim('s1', clock.now() + 999, 10, perChannel)).toEqual([]);
      expect(texts(await claim('s1', clock.now() + 1000, 10, perChannel))).toEqual(['C1-2']);
      expect(await ctx.harness.store.nextDeliveryAt({ now: clock.now() + 1000, budget: perChannel })).toBe(
        clock.now() + 2000,
      );
    });

    it('shares a workspace budget between two store instances claiming at once', async () => {
      const { store, clock } = ctx.harness;
      const other = await ctx.harness.openAnother();
      const workspace: DeliveryBudget = { update: [{ per: 'workspace', perMinute: 60, burst: 3 }] };
      for (let i = 0; i < 10; i++) {
        await store.enqueueMessage({
          kind: 'update',
          channel: `C${i}`,
          targetTs: `${i}.0`,
          payload: { text: `${i}` },
        });
      }
      const batches = await race(6, (i) =>
        (i % 2 ? other : store).claimDueMessages({
          owner: `s${i}`,
          now: clock.now(),
          leaseMs,
          limit: 4,
          budget: workspace,
        }),
      );
      expect(batches.flat()).toHaveLength(3);
    });

    it('holds one channel back for the length of a pause, and no other', async () => {
      const { store, clock } = ctx.harness;
      await inThreads('C1', 1);
      await inThreads('C2', 1);
      await store.pauseDelivery({ kind: 'post', channel: 'C1', until: clock.now() + 5000 });
      // An earlier pause does not shorten a later one.
      await store.pauseDelivery({ kind: 'post', channel: 'C1', until: clock.now() + 1000 });
      expect(texts(await claim('s1', clock.now(), 10, perChannel))).toEqual(['C2-0']);
      expect(await claim('s1', clock.now() + 4999, 10, perChannel)).toEqual([]);
      expect(texts(await claim('s1', clock.now() + 5000, 10, perChannel))).toEqual(['C1-0']);
    });
  });

  describe('whether Slack may have a message already', () => {
    it('says so after an attempt with no recorded answer, not after a definite refusal', async () => {
      const { store, clock } = ctx.harness;
      const { id } = await store.enqueueMessage({ kind: 'post', channel: 'C1', payload: { text: 'x' } });
      expect((await claim('s1'))[0]).toMatchObject({ attempts: 1, maybeDelivered: false });
      await store.markMessageRetry(id, 's1', { nextAttemptAt: clock.now(), error: 'rate_limited' });
      expect((await claim('s1'))[0]).toMatchObject({ attempts: 2, maybeDelivered: false });
      // s1 dies mid-send: its lease runs out with nothing recorded.
      expect((await claim('s2', clock.now() + leaseMs))[0]).toMatchObject({
        attempts: 3,
        maybeDelivered: true,
      });
      // Sticky: a later refusal does not make the earlier attempt's fate known.
      await store.markMessageRetry(id, 's2', { nextAttemptAt: clock.now(), error: 'rate_limited' });
      expect((await store.getMessage(id))?.maybeDelivered).toBe(true);
    });

    it('says so after a timeout, and for a message handed back by a stopping worker', async () => {
      const { store, clock } = ctx.harness;
      const a = await store.enqueueMessage({ kind: 'post', channel: 'C1', payload: { text: 'a' } });
      const b = await store.enqueueMessage({ kind: 'post', channel: 'C2', payload: { text: 'b' } });
      await claim('s1');
      await store.markMessageRetry(a.id, 's1', {
        nextAttemptAt: clock.now(),
        error: 'timeout',
        maybeDelivered: true,
      });
      await store.releaseLease('s1');
      expect((await store.getMessage(a.id))?.maybeDelivered).toBe(true);
      expect((await store.getMessage(b.id))?.maybeDelivered).toBe(true);
    });
  });

  describe('replica heartbeats', () => {
    it('registers replicas up to the limit, refuses one more, and makes room when one leaves or expires', async () => {
      const { store, clock } = ctx.harness;
      const now = clock.now();
      const join = (id: string, at = now) => store.registerReplica({ id, now: at, leaseMs: 30_000, max: 2 });
      expect(await join('r1')).toEqual({ ok: true, live: 0 });
      expect(await join('r2')).toEqual({ ok: true, live: 1 });
      expect(await join('r3')).toEqual({ ok: false, live: 2 });
      // Joining again as one of the two is a renewal, not a third replica.
      expect(await join('r2')).toEqual({ ok: true, live: 1 });
      await store.removeReplica('r2');
      expect(await join('r3')).toEqual({ ok: true, live: 1 });
      expect(await store.renewReplica('r3', { now: now + 20_000, leaseMs: 30_000 })).toBe(true);
      // r1 was last seen at `now`: gone after its lease; r3 renewed, still there.
      expect(await join('r4', now + 30_000)).toEqual({ ok: true, live: 1 });
      expect(await store.renewReplica('r1', { now: now + 30_000, leaseMs: 30_000 })).toBe(false);
    });

    it('lets only the allowed number of replicas in when they register at once', async () => {
      const { store, clock } = ctx.harness;
      const other = await ctx.harness.openAnother();
      const results = await race(8, (i) =>
        (i % 2 ? other : store).registerReplica({ id: `r${i}`, now: clock.now(), leaseMs: 30_000, max: 5 }),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(5);
    });
  });

  it('lists the recent durations of an action, newest first', async () => {
    const { store } = ctx.harness;
    for (const ms of [10, 30, 20]) await store.recordDuration('hostup', 'reset', ms);
    expect(await store.recentDurations('hostup', 'reset')).toEqual([20, 30, 10]);
  });
}
