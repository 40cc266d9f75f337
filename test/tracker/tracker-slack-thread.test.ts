import { webApi } from '@slack/bolt';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { createFakeSlack } from '../../src/simulator/slack/server.js';
import { slackDeliveryBudget } from '../../src/slack/delivery-budget.js';
import { createSlackSender } from '../../src/slack/outbox-sender.js';
import { OutboxWorker } from '../../src/tracker/outbox-worker.js';
import {
  closeAll,
  openTestStore,
  startOperation,
  startSim,
  tempDbFile,
  trackerFor,
  waitFor,
} from './harness.js';

const extra: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of extra.splice(0).reverse()) await close();
  await closeAll();
});

describe('an operation’s thread in Slack, from the tracker through the outbox', () => {
  it('posts the root and threads its final reply under it through Slack 429s, dropping only news the wait made stale', async () => {
    const sim = await startSim({ job: { queuedMs: 30, runningMs: 600, progressSteps: 1 } });
    const store = await openTestStore(tempDbFile());
    const fake = createFakeSlack();
    await fake.listen(0, '127.0.0.1');
    extra.push(() => fake.close());
    const web = new webApi.WebClient(fake.botToken, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    const worker = new OutboxWorker({
      store,
      send: createSlackSender(web),
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      owner: 'outbox-test',
      idleMs: 20,
      budget: slackDeliveryBudget,
    });
    extra.push(() => worker.stop());
    fake.failNext('chat.postMessage', { status: 429, retryAfterSec: 1 }, 3);

    const { tracker, client } = trackerFor(sim, store);
    const op = await startOperation(store, client, {
      vpsId: 'vps_web01',
      vpsName: 'web-01',
      channel: 'C0OPS',
    });
    worker.start();
    tracker.start();

    const done = await waitFor(async () => {
      const current = await store.getOperation(op.id);
      return current?.state === 'done' && (await store.outboxDepth()) === 0 ? current : undefined;
    }, 15_000);
    const rootTs = done.rootTs!;
    expect(rootTs).toBeTruthy();

    const topLevel = fake.messages('C0OPS');
    expect(topLevel.map((m) => m.ts)).toEqual([rootTs]);
    // The root waited ~3 s behind the 429s while the 0.6 s job ran to its end: the "in progress"
    // reply and the older root edit were superseded before they could go; the final reply was not.
    const replies = fake.thread('C0OPS', rootTs);
    expect(replies.map((m) => m.text)).toEqual([expect.stringContaining('completed')]);
    const root = fake.message('C0OPS', rootTs)!;
    expect(root.edits).toHaveLength(1);
    expect(root.text).toContain('completed');

    const posts = fake.callsTo('chat.postMessage');
    expect(posts.filter((c) => c.status === 429)).toHaveLength(3);
    expect(posts.filter((c) => c.ok)).toHaveLength(2);
    expect(fake.callsTo('chat.update').filter((c) => c.ok)).toHaveLength(1);
    const superseded = await store.getMessage(
      (
        await store.enqueueMessage({
          kind: 'post',
          channel: 'C0OPS',
          payload: {},
          dedupeKey: `${op.id}:status:in_progress`,
        })
      ).id,
    );
    expect(superseded).toMatchObject({ status: 'superseded' });
    // The 429s held the thread back by their Retry-After, in order.
    const firstOk = posts.find((c) => c.ok)!;
    expect(firstOk.at - posts[0]!.at).toBeGreaterThanOrEqual(2_900);
  });
});
