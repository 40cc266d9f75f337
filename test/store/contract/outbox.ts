import { describe, expect, it } from 'vitest';
import type { NewOutboxMessage } from '../../../src/store/store.js';
import { type ContractContext, race, restoreRequest } from './harness.js';

const leaseMs = 10_000;

export function outboxContract(ctx: ContractContext): void {
  const post = (text: string, overrides: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
    kind: 'post',
    channel: 'C1',
    threadTs: '100.1',
    payload: { text },
    dedupeKey: text,
    ...overrides,
  });
  const claim = (owner: string, now = ctx.harness.clock.now(), limit = 10) =>
    ctx.harness.store.claimDueMessages({ owner, now, leaseMs, limit });
  const texts = (messages: { payload: unknown }[]) =>
    messages.map((m) => (m.payload as { text: string }).text);

  describe('outbox', () => {
    it('treats a second enqueue with the same dedupe key as a no-op', async () => {
      const { store } = ctx.harness;
      const first = await store.enqueueMessage(post('op-1:status:completed'));
      const second = await store.enqueueMessage(
        post('op-1:status:completed', { payload: { text: 'other' } }),
      );
      expect(first.enqueued).toBe(true);
      expect(second).toEqual({ enqueued: false, id: first.id });
      expect(await store.outboxDepth()).toBe(1);
    });

    it('hands out one message per thread at a time, oldest first, and the next once it is sent', async () => {
      const { store, clock } = ctx.harness;
      await store.enqueueMessage(post('a1'));
      clock.advance(1);
      await store.enqueueMessage(post('b1', { threadTs: '200.2' }));
      clock.advance(1);
      await store.enqueueMessage(post('a2'));
      const batch = await claim('s1');
      expect(texts(batch)).toEqual(['a1', 'b1']);
      expect(await claim('s2')).toEqual([]);
      expect(await store.markMessageSent(batch[0]!.id, 's1', { ts: '100.5', now: clock.now() })).toBe(true);
      const next = await claim('s2');
      expect(texts(next)).toEqual(['a2']);
      expect(await store.getMessage(batch[0]!.id)).toMatchObject({
        status: 'sent',
        resultTs: '100.5',
        attempts: 1,
      });
    });

    it('holds a thread back while its earlier message waits for a retry, then retries it first', async () => {
      const { store, clock } = ctx.harness;
      await store.enqueueMessage(post('first'));
      await store.enqueueMessage(post('second'));
      const [first] = await claim('s1');
      const retryAt = clock.now() + 5000;
      expect(
        await store.markMessageRetry(first!.id, 's1', { nextAttemptAt: retryAt, error: 'rate_limited' }),
      ).toBe(true);
      expect(await claim('s1', retryAt - 1)).toEqual([]);
      const again = await claim('s1', retryAt);
      expect(again.map((m) => [m.id, m.attempts, m.lastError])).toEqual([[first!.id, 2, 'rate_limited']]);
    });

    it('lets the rest of a thread go once an earlier message failed for good', async () => {
      const { store } = ctx.harness;
      await store.enqueueMessage(post('doomed'));
      await store.enqueueMessage(post('after'));
      const [doomed] = await claim('s1');
      expect(await store.markMessageFailed(doomed!.id, 's1', { error: 'channel_not_found' })).toBe(true);
      expect(texts(await claim('s1'))).toEqual(['after']);
      expect(await store.getMessage(doomed!.id)).toMatchObject({
        status: 'failed',
        lastError: 'channel_not_found',
      });
      expect(await store.outboxDepth()).toBe(1);
    });

    it('re-hands a message whose lease expired, and refuses the old sender afterwards', async () => {
      const { store, clock } = ctx.harness;
      const { id } = await store.enqueueMessage(post('slow'));
      await claim('s1');
      expect(await claim('s2', clock.now() + leaseMs - 1)).toEqual([]);
      expect((await claim('s2', clock.now() + leaseMs)).map((m) => m.id)).toEqual([id]);
      expect(await store.markMessageSent(id, 's1', { ts: '1.1', now: clock.now() })).toBe(false);
      expect(await store.markMessageSent(id, 's2', { ts: '1.2', now: clock.now() })).toBe(true);
      expect(await store.markMessageSent(id, 's2', { ts: '1.3', now: clock.now() })).toBe(false);
    });

    it('gives each message to exactly one of two racing store instances', async () => {
      const { store } = ctx.harness;
      const other = await ctx.harness.openAnother();
      for (let i = 0; i < 10; i++) await store.enqueueMessage(post(`m${i}`, { threadTs: `${i}.0` }));
      const batches = await race(6, (i) =>
        (i % 2 ? other : store).claimDueMessages({
          owner: `s${i}`,
          now: ctx.harness.clock.now(),
          leaseMs,
          limit: 4,
        }),
      );
      const ids = batches.flat().map((m) => m.id);
      expect(ids).toHaveLength(10);
      expect(new Set(ids).size).toBe(10);
    });

    it('threads follow-ups under the root message once the root is sent, and edits apart from the thread', async () => {
      const { store, clock } = ctx.harness;
      const op = await store.createOperation(
        {
          provider: 'hostup',
          targetId: 'vps_1',
          targetName: 'web-01',
          action: 'restart',
          requester: 'U_ANA',
          correlationId: 'c1',
          channel: 'C1',
        },
        { messages: [{ kind: 'post', channel: 'C1', anchor: 'root', payload: { text: 'root' } }] },
      );
      const follow = (kind: 'post' | 'update', text: string) =>
        store.enqueueMessage({
          operationId: op.id,
          kind,
          channel: 'C1',
          anchor: 'follow',
          payload: { text },
        });
      await follow('post', 'reply');
      const [root] = await claim('s1');
      expect(root).toMatchObject({ anchor: 'root', threadTs: null });
      // Handed out already: an edit enqueued now cannot be folded into it, and waits for its ts.
      await follow('update', 'edited root');
      expect(await claim('s1')).toEqual([]);
      await store.markMessageSent(root!.id, 's1', { ts: '300.3', now: clock.now() });
      expect((await store.getOperation(op.id))?.rootTs).toBe('300.3');
      // The reply and the edit go side by side: an edit never waits for a thread reply, nor the reverse.
      const next = await claim('s1');
      expect(next.map((m) => [m.kind, m.threadTs, m.targetTs])).toEqual([
        ['post', '300.3', null],
        ['update', null, '300.3'],
      ]);
    });

    it('anchors an approval message sent through the outbox', async () => {
      const { store, clock } = ctx.harness;
      const approval = await store.createApproval(restoreRequest(clock, { channel: 'C9' }));
      await store.enqueueMessage({
        approvalId: approval.id,
        kind: 'post',
        channel: 'C9',
        anchor: 'root',
        payload: {},
      });
      const [message] = await claim('s1');
      await store.markMessageSent(message!.id, 's1', { ts: '400.1', now: clock.now() });
      expect(await store.getApproval(approval.id)).toMatchObject({ channel: 'C9', messageTs: '400.1' });
    });

    it('does not hand out a message before its first attempt time', async () => {
      const { store, clock } = ctx.harness;
      await store.enqueueMessage(post('later', { nextAttemptAt: clock.now() + 1000 }));
      expect(await claim('s1')).toEqual([]);
      expect(texts(await claim('s1', clock.now() + 1000))).toEqual(['later']);
    });
  });
}
