import { webApi } from '@slack/bolt';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import type { Notification } from '../../src/domain/notifications.js';
import { createFakeSlack, type FakeSlack, type FakeSlackOptions } from '../../src/simulator/slack/server.js';
import { createSlackSender } from '../../src/slack/outbox-sender.js';
import type { DeliveryBudget, Store } from '../../src/store/store.js';
import { OutboxWorker } from '../../src/tracker/outbox-worker.js';
import { closeAll, openTestStore, tempDbFile, waitFor } from './harness.js';

const extra: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of extra.splice(0).reverse()) await close();
  await closeAll();
});

async function setUp(slackOptions: FakeSlackOptions, budget?: DeliveryBudget) {
  const store = await openTestStore(tempDbFile());
  const fake = createFakeSlack(slackOptions);
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
    ...(budget ? { budget } : {}),
  });
  extra.push(() => worker.stop());
  return { store, fake, worker };
}

const progress: Notification = {
  type: 'operation.progress',
  subject: {
    operationId: 'op1',
    provider: 'hostup',
    requester: 'U1',
    action: 'restart',
    targetName: 'web-01',
    jobId: 'job_1',
  },
  status: 'in_progress',
  progress: 50,
  message: null,
};

/** Top-level posts, one thread each so the order group does not serialise them. */
async function posts(store: Store, channel: string, count: number) {
  for (let i = 0; i < count; i++) {
    await store.enqueueMessage({ kind: 'post', channel, payload: progress, orderKey: `${channel}:${i}` });
  }
}

const okPosts = (fake: FakeSlack, channel: string) =>
  fake
    .callsTo('chat.postMessage')
    .filter((c) => c.ok && (c.args as { channel?: string }).channel === channel);

describe('the outbox worker within Slack’s limits', () => {
  it('holds only the channel that got a 429, for its Retry-After; another channel goes at once', async () => {
    const { store, fake, worker } = await setUp({});
    fake.failNext('chat.postMessage', { status: 429, retryAfterSec: 2 });
    await posts(store, 'C1', 1);
    worker.start();
    const limited = await waitFor(
      async () => fake.callsTo('chat.postMessage').find((c) => c.status === 429),
      5_000,
    );
    // After the 429: more for both channels. C2's go at once; C1's wait out the Retry-After.
    await posts(store, 'C2', 2);
    await posts(store, 'C1', 1);
    worker.poke();
    await waitFor(async () => okPosts(fake, 'C2').length === 2 || undefined, 5_000);
    expect(okPosts(fake, 'C2').at(-1)!.at - limited.at).toBeLessThan(1_000);
    expect(okPosts(fake, 'C1')).toHaveLength(0);
    await waitFor(async () => okPosts(fake, 'C1').length === 2 || undefined, 6_000);
    expect(okPosts(fake, 'C1')[0]!.at - limited.at).toBeGreaterThanOrEqual(1_950);
    // Nobody knocked on C1 inside its Retry-After window.
    expect(fake.rateLimits.stats().methods['chat.postMessage']?.earlyRetries ?? 0).toBe(0);
  });

  it('sends no faster than the budget allows, so Slack never answers 429', async () => {
    // A channel limit of 10 a second (bursts of 3) in the fake; the budget keeps under it.
    const limits = {
      methods: { 'chat.postMessage': [{ per: 'channel' as const, perMinute: 600, burst: 3 }] },
    };
    const budget: DeliveryBudget = { post: [{ per: 'channel', perMinute: 600, burst: 2 }] };
    const { store, fake, worker } = await setUp({ limits }, budget);
    await posts(store, 'C1', 12);
    worker.start();
    await waitFor(async () => okPosts(fake, 'C1').length === 12 || undefined, 10_000);
    const sent = okPosts(fake, 'C1');
    expect(sent.at(-1)!.at - sent[0]!.at).toBeGreaterThanOrEqual(900);
    expect(fake.callsTo('chat.postMessage').filter((c) => c.status === 429)).toHaveLength(0);
  });

  it('without a budget, the same burst runs into the limit (the control for the test above)', async () => {
    const limits = {
      methods: { 'chat.postMessage': [{ per: 'channel' as const, perMinute: 600, burst: 3 }] },
    };
    const { store, fake, worker } = await setUp({ limits });
    await posts(store, 'C1', 12);
    worker.start();
    await waitFor(async () => okPosts(fake, 'C1').length === 12 || undefined, 20_000);
    expect(fake.callsTo('chat.postMessage').filter((c) => c.status === 429).length).toBeGreaterThan(0);
  });

  it('marks a message whose send may have reached Slack, so its redelivery looks for it first', async () => {
    const { store, fake, worker } = await setUp({});
    fake.failNext('chat.postMessage', { status: 500 });
    await posts(store, 'C1', 1);
    await worker.drainOnce();
    const [message] = await store.claimDueMessages({
      owner: 'peek',
      now: Date.now() + 60_000,
      leaseMs: 1,
      limit: 1,
    });
    expect(message).toMatchObject({ lastError: 'http_500', maybeDelivered: true });
  });
});
