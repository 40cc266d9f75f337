import { afterEach, describe, expect, it } from 'vitest';
import { createFakeSlack, type FakeSlack } from '../../src/simulator/slack/server.js';

let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('the fake Slack’s change listener', () => {
  it('is called after every API call and seeded message, until it unsubscribes', async () => {
    fake = createFakeSlack();
    await fake.listen(0, '127.0.0.1');
    let changes = 0;
    const unsubscribe = fake.onChange(() => {
      changes += 1;
    });
    fake.seedMessage({ channel: 'C1', user: 'U1', text: 'hi' });
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${fake.botToken}`,
        'content-type': 'application/json',
        connection: 'close',
      },
      body: JSON.stringify({ channel: 'C1', text: 'from the bot' }),
    });
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    expect(changes).toBe(2);
    unsubscribe();
    fake.seedMessage({ channel: 'C1', user: 'U1', text: 'unheard' });
    expect(changes).toBe(2);
  });
});
