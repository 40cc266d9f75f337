import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import {
  createFakeSlack,
  type FakeSlack,
  type FakeSlackOptions,
} from '../../../src/simulator/slack/server.js';

let fake: FakeSlack | undefined;
const clock = new ManualClock();

async function start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  fake = createFakeSlack({ clock, ...options });
  await fake.listen();
  return fake;
}

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { ok: boolean; error?: string };
}

/** One Web API call as @slack/web-api sends it: a form body and the bot token as a Bearer header. */
async function call(method: string, args: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${fake!.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(args).toString(),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as Answer['body'],
  };
}

const post = (channel: string, text = 'hi') => call('chat.postMessage', { channel, text });

async function statuses(calls: (() => Promise<Answer>)[]): Promise<number[]> {
  const answers: number[] = [];
  for (const c of calls) answers.push((await c()).status);
  return answers;
}

describe('chat.postMessage limits', () => {
  it('allows a burst of 4 in one channel, then answers 429 with Retry-After and ratelimited', async () => {
    await start();
    expect(await statuses([1, 2, 3, 4].map((n) => () => post('C1', `m${n}`)))).toEqual([200, 200, 200, 200]);
    const refused = await post('C1', 'm5');
    expect(refused).toEqual({ status: 429, retryAfter: '1', body: { ok: false, error: 'ratelimited' } });
    expect(fake!.messages('C1').map((m) => m.text)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(fake!.callsTo('chat.postMessage').at(-1)).toMatchObject({ status: 429, error: 'ratelimited' });
  });

  it('refills one message per second per channel and leaves other channels alone', async () => {
    await start();
    for (let i = 0; i < 4; i += 1) await post('C1');
    expect((await post('C1')).status).toBe(429);
    expect((await post('C2')).status).toBe(200);
    clock.advance(1000);
    expect(await statuses([() => post('C1'), () => post('C1')])).toEqual([200, 429]);
  });

  it('refuses a call inside the Retry-After window even once the bucket has refilled', async () => {
    await start({
      limits: { methods: { 'chat.postMessage': [{ per: 'channel', perMinute: 600, burst: 1 }] } },
    });
    expect((await post('C1')).status).toBe(200);
    expect(await post('C1')).toMatchObject({ status: 429, retryAfter: '1' });
    clock.advance(500); // 10 per second: the bucket is full again, but Slack said 1 s.
    expect(await post('C1')).toMatchObject({ status: 429, retryAfter: '1' });
    clock.advance(500);
    expect((await post('C1')).status).toBe(200);
    expect(fake!.rateLimits.stats().channels.C1?.['chat.postMessage']).toEqual({
      calls: 4,
      ratelimited: 2,
      earlyRetries: 1,
      maxPerSecond: 1,
    });
  });

  it('caps posting across the workspace as well as per channel', async () => {
    await start({
      limits: {
        methods: {
          'chat.postMessage': [
            { per: 'channel', perMinute: 60, burst: 4 },
            { per: 'workspace', perMinute: 60, burst: 6 },
          ],
        },
      },
    });
    const channels = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7'];
    expect(await statuses(channels.map((c) => () => post(c)))).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });

  it('multiplies every rate by speed, and counts a second of the run as one second', async () => {
    await start({ limits: { speed: 4 } });
    for (let i = 0; i < 4; i += 1) await post('C1');
    expect(await post('C1')).toMatchObject({ status: 429, retryAfter: '1' });
    clock.advance(1000); // 4 seconds of the run: 4 new messages allowed, not 1.
    expect(await statuses([1, 2, 3, 4, 5].map(() => () => post('C1')))).toEqual([200, 200, 200, 200, 429]);
    expect(fake!.rateLimits.stats().channels.C1?.['chat.postMessage']?.maxPerSecond).toBe(4);
  });
});

describe('tiered methods', () => {
  it.each<{ method: string; args: Record<string, string>; burst: number }>([
    { method: 'chat.update', args: { channel: 'C1', ts: '1.000001', text: 'x' }, burst: 10 },
    { method: 'chat.postEphemeral', args: { channel: 'C1', user: 'U1', text: 'x' }, burst: 20 },
    { method: 'conversations.history', args: { channel: 'C1' }, burst: 10 },
    { method: 'usergroups.users.list', args: { usergroup: 'S_NONE' }, burst: 5 },
    { method: 'auth.test', args: {}, burst: 20 },
  ])(
    'counts every $method call, refused or not, and answers 429 after $burst',
    async ({ method, args, burst }) => {
      await start();
      const answers = await statuses(Array.from({ length: burst + 1 }, () => () => call(method, args)));
      expect(answers).toEqual([...Array(burst).fill(200), 429]);
      expect(fake!.rateLimits.stats().methods[method]).toMatchObject({ calls: burst + 1, ratelimited: 1 });
    },
  );
});

describe('limits off', () => {
  it('accepts everything and still counts the busiest second per channel', async () => {
    await start({ limits: 'off' });
    expect(await statuses(Array.from({ length: 10 }, () => () => post('C1')))).toEqual(Array(10).fill(200));
    clock.advance(1000);
    await post('C1');
    expect(fake!.rateLimits.stats().channels.C1?.['chat.postMessage']).toEqual({
      calls: 11,
      ratelimited: 0,
      earlyRetries: 0,
      maxPerSecond: 10,
    });
    expect(fake!.rateLimits.limits.enabled).toBe(false);
  });
});

describe('the control routes', () => {
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${fake!.url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });

  it('show the limits and counters, switch limits off and on, and clear the counters', async () => {
    await start();
    for (let i = 0; i < 5; i += 1) await post('C1');
    const shown = (await (await control('GET', '/_sim/rate-limits')).json()) as {
      limits: { enabled: boolean; speed: number; methods: Record<string, unknown> };
      stats: { channels: Record<string, Record<string, { ratelimited: number }>> };
    };
    expect(shown.limits).toMatchObject({ enabled: true, speed: 1 });
    expect(shown.limits.methods['chat.postMessage']).toEqual([
      { per: 'channel', perMinute: 60, burst: 4 },
      { per: 'workspace', perMinute: 300, burst: 30 },
    ]);
    expect(shown.stats.channels.C1?.['chat.postMessage']?.ratelimited).toBe(1);

    expect((await control('PUT', '/_sim/rate-limits', 'off')).status).toBe(200);
    expect((await post('C1')).status).toBe(200);
    const on = await control('PUT', '/_sim/rate-limits', {
      methods: { 'chat.postMessage': [{ per: 'channel', perMinute: 60, burst: 1 }] },
    });
    expect(await on.json()).toMatchObject({ ok: true, limits: { enabled: true } });
    expect(await statuses([() => post('C1'), () => post('C1')])).toEqual([200, 429]);

    expect((await control('DELETE', '/_sim/rate-limits/stats')).status).toBe(200);
    expect(fake!.rateLimits.stats()).toEqual({ methods: {}, channels: {} });
  });

  it('refuse a malformed limits body with 400 and change nothing', async () => {
    await start();
    const answer = await control('PUT', '/_sim/rate-limits', {
      methods: { 'chat.postMessage': [{ per: 'room', perMinute: 1, burst: 1 }] },
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toMatch(/per \(workspace\|channel\|user\)/);
    expect(fake!.rateLimits.limits.methods['chat.postMessage']?.[0]).toMatchObject({ burst: 4 });
    expect((await control('GET', '/_sim/nothing-here')).status).toBe(404);
  });
});
