import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notification } from '../../src/domain/notifications.js';
import { createFakeSlack, type FakeSlack } from '../../src/simulator/slack/server.js';
import { createSlackSender } from '../../src/slack/outbox-sender.js';
import type { OutboxMessage } from '../../src/store/store.js';
import { textOf } from '../support/bot-harness.js';

const channel = 'COPS0001';
let slack: FakeSlack;
let client: webApi.WebClient;

beforeEach(async () => {
  slack = createFakeSlack();
  await slack.listen(0, '127.0.0.1');
  client = new webApi.WebClient(slack.botToken, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
});
afterEach(() => slack.close());

const payload: Notification = {
  type: 'operation.progress',
  subject: {
    operationId: 'op1',
    provider: 'hostup',
    requester: 'U1',
    action: 'restart',
    verbPast: 'restarted',
    targetName: 'web-01',
    jobId: 'job_1',
  },
  status: 'in_progress',
  progress: 50,
  message: 'Rebooting',
};

function outboxMessage(over: Partial<OutboxMessage>): OutboxMessage {
  return {
    id: 'msg-1',
    operationId: 'op1',
    approvalId: null,
    reviewId: null,
    kind: 'post',
    channel,
    threadTs: null,
    targetTs: null,
    anchor: null,
    payload,
    dedupeKey: null,
    orderKey: 'operation:op1',
    status: 'pending',
    attempts: 1,
    nextAttemptAt: 0,
    leaseOwner: 'a',
    leaseExpiresAt: null,
    createdAt: Date.now(),
    sentAt: null,
    resultTs: null,
    lastError: null,
    priority: 'normal',
    coalesceKey: null,
    supersededBy: null,
    maybeDelivered: false,
    ...over,
  };
}

describe('the Slack sender of the outbox', () => {
  it('on a redelivery after a crash, finds its earlier post in the thread instead of posting twice', async () => {
    const send = createSlackSender(client);
    const root = slack.seedMessage({ channel, user: slack.botUserId, text: 'root' });
    const first = await send(outboxMessage({ threadTs: root.ts }));
    // The process died before recording `first`: the message is handed out again.
    const again = await send(outboxMessage({ threadTs: root.ts, attempts: 2, maybeDelivered: true }));
    expect(again.ts).toBe(first.ts);
    expect(slack.thread(channel, root.ts)).toHaveLength(1);
    expect(slack.callsTo('conversations.replies')).toHaveLength(1);
  });

  it('finds an earlier top-level post in the channel history', async () => {
    const send = createSlackSender(client);
    const first = await send(outboxMessage({}));
    // The attempt before the crash had been refused with a 429: that refusal says nothing about the
    // attempt that followed it and never recorded its answer.
    const again = await send(outboxMessage({ attempts: 3, maybeDelivered: true, lastError: 'rate_limited' }));
    expect(again.ts).toBe(first.ts);
    expect(slack.messages(channel)).toHaveLength(1);
  });

  it('posts when the earlier attempt never reached Slack', async () => {
    const send = createSlackSender(client);
    const again = await send(outboxMessage({ attempts: 2, maybeDelivered: true }));
    expect(slack.messages(channel).map((m) => m.ts)).toEqual([again.ts]);
    expect(textOf(slack.messages(channel)[0]!)).not.toContain('Posted again');
  });

  it('when Slack cannot be read back, posts again and says why there may be two copies', async () => {
    const send = createSlackSender(client);
    await send(outboxMessage({}));
    slack.failNext('conversations.history', { error: 'missing_scope' });
    await send(outboxMessage({ attempts: 2, maybeDelivered: true }));
    expect(slack.messages(channel)).toHaveLength(2);
    expect(textOf(slack.messages(channel)[1]!)).toContain('Posted again after the bot restarted');
  });

  it('does not look anything up for a first attempt or after a recorded refusal', async () => {
    const send = createSlackSender(client);
    await send(outboxMessage({}));
    await send(outboxMessage({ id: 'msg-2', attempts: 2, lastError: 'rate_limited' }));
    expect(slack.callsTo('conversations.history')).toHaveLength(0);
    expect(slack.messages(channel)).toHaveLength(2);
  });

  it('tells a refusal (nothing posted) from a failure that may have posted', async () => {
    const send = createSlackSender(client);
    slack.failNext('chat.postMessage', { status: 429, retryAfterSec: 2 });
    await expect(send(outboxMessage({}))).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 2000,
      maybeDelivered: false,
    });
    slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    await expect(send(outboxMessage({}))).rejects.toMatchObject({ permanent: true, maybeDelivered: false });
    slack.failNext('chat.postMessage', { status: 500 });
    await expect(send(outboxMessage({}))).rejects.toMatchObject({ code: 'http_500', maybeDelivered: true });
  });
});
