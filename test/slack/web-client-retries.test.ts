import { performance } from 'node:perf_hooks';
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeSlack, type FakeSlack } from '../../src/simulator/slack/server.js';
import { slackClientOptions } from '../../src/slack/app.js';

let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("the bot's WebClient", () => {
  it('throws at once on a 429 and never sends the call again by itself', async () => {
    fake = createFakeSlack({
      limits: { methods: { 'chat.postMessage': [{ per: 'channel', perMinute: 1, burst: 1 }] } },
    });
    await fake.listen();
    const client = new webApi.WebClient(fake.botToken, slackClientOptions(fake.apiUrl));
    await client.chat.postMessage({ channel: 'C1', text: 'first' });

    const started = performance.now();
    const error = await client.chat.postMessage({ channel: 'C1', text: 'second' }).catch((e: unknown) => e);
    const ms = performance.now() - started;

    expect(error).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 60 });
    expect(ms).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([200, 429]);
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['first']);
    // The next call is not held back behind the 429 either: another channel goes out at once.
    await expect(client.chat.postMessage({ channel: 'C2', text: 'elsewhere' })).resolves.toMatchObject({
      ok: true,
    });
  });
});
