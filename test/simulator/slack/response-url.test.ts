import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { createFakeSlack, type FakeSlack } from '../../../src/simulator/slack/server.js';

let fake: FakeSlack;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock();
  fake = createFakeSlack({ clock });
  await fake.listen();
});

afterEach(async () => {
  await fake.close();
});

async function respond(url: string, body: Record<string, unknown>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('response_url', () => {
  it('posts an ephemeral to the person by default and an in_channel message when asked', async () => {
    const url = fake.issueResponseUrl({ channel: 'C1', user: 'U1' });
    expect(url.startsWith(`${fake.url}/response/`)).toBe(true);
    expect(await respond(url, { text: 'only you' })).toEqual({ status: 200, body: { ok: true } });
    await respond(url, { text: 'everyone', response_type: 'in_channel' });
    expect(fake.ephemerals('U1').map((m) => m.text)).toEqual(['only you']);
    expect(fake.messages('C1')).toMatchObject([
      { text: 'everyone', user: fake.botUserId, via: 'response_url' },
    ]);
  });

  it('replaces and deletes the message the click came from', async () => {
    const client = new webApi.WebClient('xoxb-test', {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
    });
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'Approve?' });
    const ts = posted.ts as string;
    const url = fake.issueResponseUrl({ channel: 'C1', user: 'U1', messageTs: ts });
    await respond(url, { text: 'Approved by <@U1>', replace_original: true });
    expect(fake.message('C1', ts)).toMatchObject({
      text: 'Approved by <@U1>',
      edits: [{ text: 'Approve?' }],
    });
    await respond(url, { delete_original: true });
    expect(fake.message('C1', ts)).toBeUndefined();
  });

  it('replaces an ephemeral in place when the click came from one', async () => {
    const url = fake.issueResponseUrl({ channel: 'C1', user: 'U1' });
    await respond(url, { text: 'Confirm restart?' });
    const eph = fake.ephemerals('U1')[0];
    const clickUrl = fake.issueResponseUrl({
      channel: 'C1',
      user: 'U1',
      messageTs: eph?.ts as string,
      ephemeral: true,
    });
    await respond(clickUrl, { text: 'Restarting…', replace_original: true });
    expect(fake.ephemerals('U1').map((m) => m.text)).toEqual(['Restarting…']);
  });

  it('replaces the last reply a slash command’s response_url posted, as Slack does', async () => {
    const url = fake.issueResponseUrl({ channel: 'C1', user: 'U1' });
    await respond(url, { text: 'Restart web-01? [Confirm]' });
    await respond(url, { text: 'expired', replace_original: true });
    const [only, ...rest] = fake.ephemerals('U1');
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ text: 'expired', edits: [{ text: 'Restart web-01? [Confirm]' }] });
  });

  it('works five times, then answers 404 used_url', async () => {
    const url = fake.issueResponseUrl({ channel: 'C1', user: 'U1' });
    for (let i = 1; i <= 5; i += 1) expect((await respond(url, { text: `use ${i}` })).status).toBe(200);
    expect(await respond(url, { text: 'sixth' })).toEqual({
      status: 404,
      body: { ok: false, error: 'used_url' },
    });
    expect(fake.ephemerals('U1')).toHaveLength(5);
    expect(fake.callsTo('response_url').at(-1)).toMatchObject({ ok: false, error: 'used_url', status: 404 });
  });

  it('expires after 30 minutes', async () => {
    const url = fake.issueResponseUrl({ channel: 'C1', user: 'U1' });
    clock.advance(30 * 60 * 1000 + 1);
    expect(await respond(url, { text: 'late' })).toEqual({
      status: 404,
      body: { ok: false, error: 'expired_url' },
    });
  });

  it('refuses broken blocks without using up a use', async () => {
    const url = fake.issueResponseUrl({ channel: 'C1', user: 'U1' });
    const bad = await respond(url, {
      text: 'x',
      blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'x' } }],
    });
    expect(bad).toMatchObject({ status: 400, body: { ok: false, error: 'invalid_blocks' } });
    for (let i = 1; i <= 5; i += 1) expect((await respond(url, { text: `use ${i}` })).status).toBe(200);
  });

  it('fails on request like the Web API does', async () => {
    fake.failNext('response_url', { status: 500 });
    const url = fake.issueResponseUrl({ channel: 'C1', user: 'U1' });
    expect((await respond(url, { text: 'x' })).status).toBe(500);
    expect((await respond(url, { text: 'x' })).status).toBe(200);
  });
});
