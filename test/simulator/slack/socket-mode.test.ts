import { App, LogLevel, webApi } from '@slack/bolt';
// @slack/socket-mode is @slack/bolt's own dependency (hoisted to node_modules); Bolt does not re-export it.
import { SocketModeClient } from '@slack/socket-mode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createFakeSlack, type FakeSlack } from '../../../src/simulator/slack/server.js';
import { createSlackDriver } from '../../support/slack-driver.js';

let fake: FakeSlack;
const stops: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  fake = createFakeSlack();
  await fake.listen();
});

afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await fake.close();
});

/** A real SocketModeClient; a short clientPingTimeout makes its reconnect delay short too. */
async function connectClient(): Promise<SocketModeClient> {
  const client = new SocketModeClient({
    appToken: 'xapp-test',
    clientPingTimeout: 100,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
  });
  stops.push(() => client.disconnect());
  await client.start();
  return client;
}

describe('Socket Mode', () => {
  it('hands out a one-time ticket URL and greets with hello', async () => {
    const app = new webApi.WebClient('xapp-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const { url } = await app.apps.connections.open();
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/);
    const ws = new WebSocket(url as string);
    const hello = await new Promise<Record<string, unknown>>((resolve) =>
      ws.once('message', (data) => resolve(JSON.parse(data.toString()))),
    );
    expect(hello).toMatchObject({
      type: 'hello',
      num_connections: 1,
      connection_info: { app_id: fake.appId },
    });
    ws.close();
    const reuse = new WebSocket(url as string);
    const status = await new Promise<number>((resolve) =>
      reuse.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(401);
  });

  it('refuses apps.connections.open with the bot token', async () => {
    const bot = new webApi.WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    await expect(bot.apps.connections.open()).rejects.toMatchObject({
      data: { error: 'not_allowed_token_type' },
    });
  });

  it('delivers an envelope to the real SocketModeClient and resolves with its ack payload', async () => {
    const client = await connectClient();
    client.on('slash_commands', async ({ ack, body }) => {
      await ack({ text: `ack for ${body.text}` });
    });
    const ack = await fake.socket.send('slash_commands', { command: '/vps', text: 'list' });
    expect(ack).toMatchObject({ type: 'slash_commands', payload: { text: 'ack for list' } });
    expect(ack.ms).toBeGreaterThanOrEqual(0);
    expect(fake.socket.acks).toHaveLength(1);
  });

  it('delivers events_api envelopes by event type', async () => {
    const client = await connectClient();
    client.on('app_mention', async ({ ack, event }) => {
      await ack();
      expect(event.text).toBe('hi');
    });
    const ack = await fake.socket.send('events_api', { event: { type: 'app_mention', text: 'hi' } });
    expect(ack.payload).toBeUndefined();
  });

  it('rejects when the client does not ack in time', async () => {
    await connectClient();
    await expect(
      fake.socket.send('interactive', { type: 'block_actions' }, { timeoutMs: 50 }),
    ).rejects.toThrow(/no ack for interactive envelope .* within 50 ms/);
  });

  it('rejects at once when no client is connected', async () => {
    await expect(fake.socket.send('slash_commands', {})).rejects.toThrow(
      /no Socket Mode client is connected/,
    );
  });

  it('makes the client reconnect after a disconnect message', async () => {
    const client = await connectClient();
    client.on('slash_commands', async ({ ack }) => {
      await ack();
    });
    fake.socket.disconnect('refresh_requested');
    await fake.waitFor((f) => f.socket.connectionsOpened === 2 && f.socket.connectionCount === 1, 5000);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(2);
    await expect(fake.socket.send('slash_commands', { text: 'again' })).resolves.toMatchObject({
      type: 'slash_commands',
    });
  });
});

describe('a Bolt app in Socket Mode', () => {
  it('receives a slash command through the fake, acks it, and responds', async () => {
    const app = new App({
      token: 'xoxb-test',
      appToken: 'xapp-test',
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/vps', async ({ ack, respond, command }) => {
      await ack();
      await respond(`You asked for ${command.text}`);
    });
    await app.start();
    stops.push(() => app.stop());
    const driver = createSlackDriver({ botUrl: 'http://127.0.0.1:9/unused', signingSecret: 'unused', fake });

    const ack = await driver.viaSocket.slashCommand({ user: 'U1', channel: 'C1', text: 'list' });

    expect(ack.ms).toBeLessThan(3000);
    const reply = await fake.waitFor((f) => f.ephemerals('U1').find((m) => m.text === 'You asked for list'));
    expect(reply.channel).toBe('C1');
    expect(fake.callsTo('auth.test')[0]?.ok).toBe(true);
  });
});
