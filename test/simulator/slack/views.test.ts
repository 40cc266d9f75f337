import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import {
  createFakeSlack,
  type FakeSlack,
  type FakeSlackOptions,
} from '../../../src/simulator/slack/server.js';

const { WebClient } = webApi;

const modal = (title = 'Restore') => ({
  type: 'modal' as const,
  callback_id: 'vps.restore.modal',
  title: { type: 'plain_text' as const, text: title },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Pick a snapshot' } }],
});

let fake: FakeSlack | undefined;

async function start(options: FakeSlackOptions = {}) {
  const started = createFakeSlack(options);
  fake = started;
  await started.listen();
  const client = new WebClient('xoxb-test', { slackApiUrl: started.apiUrl, retryConfig: { retries: 0 } });
  return { fake: started, client };
}

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function errorCode(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return (error as { data?: { error?: string } }).data?.error;
  }
  throw new Error('expected the call to fail');
}

describe('views.open and trigger ids', () => {
  it('opens a modal with a trigger the fake issued and stores it', async () => {
    const { fake, client } = await start();
    const trigger = fake.issueTriggerId({ user: 'U1' });
    const res = await client.views.open({ trigger_id: trigger, view: modal() });
    expect(res.view).toMatchObject({ type: 'modal', callback_id: 'vps.restore.modal', team_id: fake.teamId });
    const stored = fake.view(res.view?.id as string);
    expect(stored).toMatchObject({ user: 'U1', view: { callback_id: 'vps.restore.modal' } });
  });

  it('refuses a trigger older than 3 seconds with expired_trigger_id', async () => {
    const clock = new ManualClock();
    const { fake, client } = await start({ clock });
    const fresh = fake.issueTriggerId();
    const stale = fake.issueTriggerId();
    clock.advance(2999);
    expect((await client.views.open({ trigger_id: fresh, view: modal() })).ok).toBe(true);
    clock.advance(2);
    expect(await errorCode(client.views.open({ trigger_id: stale, view: modal() }))).toBe(
      'expired_trigger_id',
    );
  });

  it('uses the configured trigger TTL', async () => {
    const clock = new ManualClock();
    const { fake, client } = await start({ clock, triggerTtlMs: 50 });
    const trigger = fake.issueTriggerId();
    clock.advance(51);
    expect(await errorCode(client.views.open({ trigger_id: trigger, view: modal() }))).toBe(
      'expired_trigger_id',
    );
  });

  it('lets a trigger open one view only, and refuses triggers it never issued', async () => {
    const { fake, client } = await start();
    const trigger = fake.issueTriggerId();
    await client.views.open({ trigger_id: trigger, view: modal() });
    expect(await errorCode(client.views.open({ trigger_id: trigger, view: modal() }))).toBe(
      'expired_trigger_id',
    );
    expect(await errorCode(client.views.open({ trigger_id: '123.456.abc', view: modal() }))).toBe(
      'invalid_trigger_id',
    );
  });

  it('refuses a view that breaks a limit with invalid_arguments, without burning the trigger', async () => {
    const { fake, client } = await start();
    const trigger = fake.issueTriggerId();
    const err = (await client.views
      .open({ trigger_id: trigger, view: modal('x'.repeat(25)) })
      .catch((e) => e)) as {
      data: { error: string; response_metadata: { messages: string[] } };
    };
    expect(err.data.error).toBe('invalid_arguments');
    expect(err.data.response_metadata.messages).toEqual([
      '[ERROR] title.text is 25 characters; the limit is 24 [json-pointer:/view]',
    ]);
    expect((await client.views.open({ trigger_id: trigger, view: modal() })).ok).toBe(true);
  });
});

describe('views.update and views.push', () => {
  it('updates a view by id, keeps history, and refuses a stale hash', async () => {
    const { fake, client } = await start();
    const opened = await client.views.open({ trigger_id: fake.issueTriggerId(), view: modal('One') });
    const id = opened.view?.id as string;
    const oldHash = opened.view?.hash as string;
    const updated = await client.views.update({ view_id: id, hash: oldHash, view: modal('Two') });
    expect(updated.view?.title).toEqual({ type: 'plain_text', text: 'Two' });
    expect(fake.view(id)?.history.map((v) => (v.title as { text: string }).text)).toEqual(['One']);
    expect(await errorCode(client.views.update({ view_id: id, hash: oldHash, view: modal('Three') }))).toBe(
      'hash_conflict',
    );
    expect(await errorCode(client.views.update({ view_id: 'V404', view: modal() }))).toBe('not_found');
  });

  it('pushes onto the stack of the view a trigger came from, at most three deep', async () => {
    const { fake, client } = await start();
    const root = await client.views.open({ trigger_id: fake.issueTriggerId(), view: modal('Root') });
    let top = root.view?.id as string;
    for (const title of ['Second', 'Third']) {
      const pushed = await client.views.push({
        trigger_id: fake.issueTriggerId({ viewId: top }),
        view: modal(title),
      });
      expect(pushed.view).toMatchObject({ root_view_id: root.view?.id, previous_view_id: top });
      top = pushed.view?.id as string;
    }
    const fourth = client.views.push({
      trigger_id: fake.issueTriggerId({ viewId: top }),
      view: modal('Fourth'),
    });
    expect(await errorCode(fourth)).toBe('push_limit_reached');
  });
});

describe('views.publish (the App Home)', () => {
  const home = (text: string) => ({
    type: 'home' as const,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  });

  it('publishes a person’s home and replaces it in place, keeping its id', async () => {
    const { fake, client } = await start();
    const first = await client.views.publish({ user_id: 'U1', view: home('one') });
    const second = await client.views.publish({ user_id: 'U1', view: home('two') });
    expect(second.view?.id).toBe(first.view?.id);
    expect(fake.home('U1')?.view).toEqual(home('two'));
    expect(fake.home('U1')?.history).toEqual([home('one')]);
    expect(fake.home('U2')).toBeUndefined();
    expect(
      await errorCode(
        client.views.publish({ user_id: 'U1', hash: first.view?.hash as string, view: home('x') }),
      ),
    ).toBe('hash_conflict');
  });

  it('refuses a modal, a home over 100 blocks, and a missing user', async () => {
    const { client } = await start();
    expect(await errorCode(client.views.publish({ user_id: 'U1', view: modal() as never }))).toBe(
      'invalid_arguments',
    );
    const big = { type: 'home' as const, blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) };
    expect(await errorCode(client.views.publish({ user_id: 'U1', view: big }))).toBe('invalid_arguments');
    expect(await errorCode(client.views.publish({ user_id: '', view: home('x') }))).toBe('user_not_found');
  });

  it('limits publishing per person (Tier 4), not across people', async () => {
    const { fake } = await start({
      limits: { methods: { 'views.publish': [{ per: 'user', perMinute: 60, burst: 2 }] } },
    });
    const client = new WebClient('xoxb-test', {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    await client.views.publish({ user_id: 'U1', view: home('1') });
    await client.views.publish({ user_id: 'U1', view: home('2') });
    await expect(client.views.publish({ user_id: 'U1', view: home('3') })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
    });
    expect((await client.views.publish({ user_id: 'U2', view: home('other') })).ok).toBe(true);
    expect(fake.home('U1')?.view).toEqual(home('2'));
  });
});
