import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeSlack, type FakeSlack } from '../../../src/simulator/slack/server.js';
import { botScopes } from '../../../src/slack/ids.js';

const { WebClient } = webApi;

let fake: FakeSlack;
let client: InstanceType<typeof WebClient>;

beforeEach(async () => {
  fake = createFakeSlack({
    users: { U1: { name: 'ada', realName: 'Ada Lovelace' } },
    usergroups: { S_OPS: ['U1', 'U2'] },
  });
  await fake.listen();
  client = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
});

afterEach(async () => {
  await fake.close();
});

/** The platform error code of a failed WebClient call. */
async function errorOf(call: Promise<unknown>): Promise<{ code?: string; data?: Record<string, unknown> }> {
  try {
    await call;
  } catch (error) {
    return error as { code?: string; data?: Record<string, unknown> };
  }
  throw new Error('expected the call to fail');
}

describe('auth and identity', () => {
  it('answers auth.test with the bot identity', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({
      ok: true,
      user_id: fake.botUserId,
      team_id: fake.teamId,
      bot_id: fake.botId,
    });
  });

  it('refuses a wrong token with invalid_auth and records the refusal', async () => {
    const wrong = new WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    expect((await errorOf(wrong.auth.test())).data?.error).toBe('invalid_auth');
    expect(fake.callsTo('auth.test')).toMatchObject([{ ok: false, error: 'invalid_auth' }]);
  });

  it('refuses the app-level token for chat methods', async () => {
    const app = new WebClient('xapp-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const err = await errorOf(app.chat.postMessage({ channel: 'C1', text: 'hi' }));
    expect(err.data?.error).toBe('not_allowed_token_type');
  });

  it('answers users.info for known people and user_not_found otherwise', async () => {
    const res = await client.users.info({ user: 'U1' });
    expect(res.user).toMatchObject({ id: 'U1', name: 'ada', real_name: 'Ada Lovelace' });
    expect((await errorOf(client.users.info({ user: 'U404' }))).data?.error).toBe('user_not_found');
  });

  it('lists usergroup members and refuses unknown groups with no_such_subteam', async () => {
    expect((await client.usergroups.users.list({ usergroup: 'S_OPS' })).users).toEqual(['U1', 'U2']);
    const err = await errorOf(client.usergroups.users.list({ usergroup: 'S_NONE' }));
    expect(err.data?.error).toBe('no_such_subteam');
  });
});

describe('token scopes (x-oauth-scopes)', () => {
  it('names the bot token’s scopes on every answer, as Slack does, and the WebClient reads them', async () => {
    const res = await client.auth.test();
    expect(res.response_metadata?.scopes).toEqual([...botScopes]);
    const refused = await fetch(`${fake.apiUrl}chat.update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.botToken}` },
    });
    expect(refused.headers.get('x-oauth-scopes')).toBe(botScopes.join(','));
  });

  it('grants each token the scopes it was configured with, and names none for an unknown token', async () => {
    const narrow = createFakeSlack({ scopes: { bot: ['commands', 'chat:write'], app: [] } });
    await narrow.listen();
    try {
      const call = (token: string, method: string) =>
        fetch(`${narrow.apiUrl}${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect((await call(narrow.botToken, 'auth.test')).headers.get('x-oauth-scopes')).toBe(
        'commands,chat:write',
      );
      expect((await call(narrow.appToken, 'apps.connections.open')).headers.get('x-oauth-scopes')).toBe('');
      expect((await call('xoxb-unknown', 'auth.test')).headers.get('x-oauth-scopes')).toBeNull();
    } finally {
      await narrow.close();
    }
  });
});

describe('chat.postMessage', () => {
  it('stores the message with a unique, increasing Slack-style ts', async () => {
    const first = await client.chat.postMessage({ channel: 'C1', text: 'one' });
    const second = await client.chat.postMessage({ channel: 'C1', text: 'two' });
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['one', 'two']);
    expect(first.message).toMatchObject({ text: 'one', user: fake.botUserId, bot_id: fake.botId });
  });

  it('decodes blocks sent as a JSON string inside the form and records them parsed', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }];
    await client.chat.postMessage({ channel: 'C1', text: 'hi', blocks });
    expect(fake.messages('C1')[0]?.blocks).toEqual(blocks);
    expect(fake.callsTo('chat.postMessage')[0]?.args).toMatchObject({ channel: 'C1', blocks });
    expect(fake.callsTo('chat.postMessage')[0]?.args).not.toHaveProperty('token');
  });

  it('accepts JSON bodies too', async () => {
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C1', blocks: [{ type: 'divider' }] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'C1' });
    expect(fake.messages('C1')).toHaveLength(1);
  });

  it('refuses broken Block Kit with invalid_blocks and lists the problems', async () => {
    const blocks = [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }];
    const err = await errorOf(client.chat.postMessage({ channel: 'C1', text: 'hi', blocks }));
    expect(err.data?.error).toBe('invalid_blocks');
    // The WebClient adds the token's scopes (x-oauth-scopes) to response_metadata.
    expect(err.data?.response_metadata).toMatchObject({
      messages: ['[ERROR] blocks[0].text.text is 151 characters; the limit is 150'],
    });
    expect(fake.messages('C1')).toEqual([]);
  });

  it('refuses text over 4000 characters with msg_too_long and an empty message with no_text', async () => {
    expect(
      (await errorOf(client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(4001) }))).data?.error,
    ).toBe('msg_too_long');
    expect((await errorOf(client.chat.postMessage({ channel: 'C1', text: '' }))).data?.error).toBe('no_text');
  });

  it('refuses a channel that is not a channel id', async () => {
    const err = await errorOf(client.chat.postMessage({ channel: '#ops', text: 'hi' }));
    expect(err.data?.error).toBe('channel_not_found');
  });
});

describe('threads', () => {
  it('keeps replies in the thread and out of the channel unless broadcast', async () => {
    const parent = await client.chat.postMessage({ channel: 'C1', text: 'parent' });
    await client.chat.postMessage({ channel: 'C1', text: 'quiet', thread_ts: parent.ts as string });
    await client.chat.postMessage({
      channel: 'C1',
      text: 'loud',
      thread_ts: parent.ts as string,
      reply_broadcast: true,
    });
    expect(fake.thread('C1', parent.ts as string).map((m) => m.text)).toEqual(['quiet', 'loud']);
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['parent', 'loud']);
  });

  it('refuses a thread_ts that is not a message in that channel with thread_not_found', async () => {
    const parent = await client.chat.postMessage({ channel: 'C1', text: 'parent' });
    const err = await errorOf(
      client.chat.postMessage({ channel: 'C2', text: 'x', thread_ts: parent.ts as string }),
    );
    expect(err.data?.error).toBe('thread_not_found');
  });

  it('refuses a numeric thread_ts in a JSON body (it would lose precision)', async () => {
    const parent = await client.chat.postMessage({ channel: 'C1', text: 'parent' });
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C1', text: 'x', thread_ts: Number(parent.ts) }),
    });
    expect(await res.json()).toMatchObject({ ok: false, error: 'invalid_arguments' });
  });
});

describe('chat.update and chat.postEphemeral', () => {
  it('edits the bot message and keeps the earlier version', async () => {
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'pending' });
    const res = await client.chat.update({ channel: 'C1', ts: posted.ts as string, text: 'done' });
    expect(res).toMatchObject({ ok: true, ts: posted.ts, text: 'done' });
    const stored = fake.message('C1', posted.ts as string);
    expect(stored?.text).toBe('done');
    expect(stored?.edits.map((e) => e.text)).toEqual(['pending']);
  });

  it('refuses to update an unknown ts, an ephemeral, or someone else’s message', async () => {
    expect(
      (await errorOf(client.chat.update({ channel: 'C1', ts: '1.000001', text: 'x' }))).data?.error,
    ).toBe('message_not_found');
    const eph = await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'psst' });
    expect(
      (await errorOf(client.chat.update({ channel: 'C1', ts: eph.message_ts as string, text: 'x' }))).data
        ?.error,
    ).toBe('message_not_found');
    const human = fake.seedMessage({ channel: 'C1', user: 'U1', text: 'mine' });
    expect((await errorOf(client.chat.update({ channel: 'C1', ts: human.ts, text: 'x' }))).data?.error).toBe(
      'cant_update_message',
    );
  });

  it('delivers an ephemeral to one person only', async () => {
    const res = await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'only you' });
    expect(res.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(fake.ephemerals('U1')).toMatchObject([{ channel: 'C1', text: 'only you' }]);
    expect(fake.ephemerals('U2')).toEqual([]);
    expect(fake.messages('C1')).toEqual([]);
  });
});

describe('faults', () => {
  it('answers 429 with Retry-After and then recovers', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfterSec: 7 });
    const raw = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'channel=C1&text=hi',
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('7');
    await raw.text();
    expect((await client.chat.postMessage({ channel: 'C1', text: 'hi' })).ok).toBe(true);
  });

  it('surfaces as a rate-limit error with retryAfter in the real WebClient', async () => {
    const strict = new WebClient('xoxb-test', {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    fake.failNext('chat.update', { status: 429, retryAfterSec: 3 });
    const err = (await errorOf(strict.chat.update({ channel: 'C1', ts: '1.1', text: 'x' }))) as {
      code?: string;
      retryAfter?: number;
    };
    expect(err.code).toBe('slack_webapi_rate_limited_error');
    expect(err.retryAfter).toBe(3);
  });

  it('fails the given number of times with a 500 or a platform error', async () => {
    fake.failNext('auth.test', { status: 500 });
    fake.failNext('auth.test', { error: 'fatal_error' }, 2);
    expect((await errorOf(client.auth.test())).code).toBe('slack_webapi_http_error');
    expect((await errorOf(client.auth.test())).data?.error).toBe('fatal_error');
    expect((await errorOf(client.auth.test())).data?.error).toBe('fatal_error');
    expect((await client.auth.test()).ok).toBe(true);
    expect(fake.callsTo('auth.test').map((c) => c.status)).toEqual([500, 200, 200, 200]);
  });
});

describe('waitFor', () => {
  it('resolves when a later call makes the predicate true', async () => {
    const waiting = fake.waitFor((f) => f.messages('C9').find((m) => m.text === 'late'), 2000);
    await client.chat.postMessage({ channel: 'C9', text: 'early' });
    await client.chat.postMessage({ channel: 'C9', text: 'late' });
    expect((await waiting).text).toBe('late');
  });

  it('rejects with the recent calls when nothing matches in time', async () => {
    await client.auth.test();
    await expect(fake.waitFor(() => false, 30)).rejects.toThrow(/within 30 ms \(last calls: auth.test:ok\)/);
  });
});
