import { App, LogLevel, webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../../src/logger.js';
import { createFakeSlack, type FakeSlack, type FakeSlackOptions } from '../../src/simulator/slack/server.js';
import { slackClientOptions } from '../../src/slack/app.js';
import {
  BridgedSocketModeReceiver,
  type BridgedSocketModeReceiverOptions,
  maxConnectionsPerReplica,
} from '../../src/slack/socket-mode-receiver.js';

let fake: FakeSlack | undefined;
const stops: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await fake?.close();
  fake = undefined;
});

async function startFake(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  fake = createFakeSlack(options);
  await fake.listen();
  return fake;
}

function receiverFor(slack: FakeSlack, options: Partial<BridgedSocketModeReceiverOptions> = {}) {
  return new BridgedSocketModeReceiver({
    appClient: new webApi.WebClient(slack.appToken, slackClientOptions(slack.apiUrl)),
    logger: createLogger({ level: 'silent', pretty: false }),
    backoff: { firstMs: 50, maxMs: 200 },
    ...options,
  });
}

/** A real Bolt App on the receiver, answering /vps by acking with `ack(text)` after `delay()`. */
async function startApp(
  slack: FakeSlack,
  options: { delay?: () => Promise<void>; receiver?: Partial<BridgedSocketModeReceiverOptions> } = {},
) {
  const receiver = receiverFor(slack, options.receiver);
  const handled: string[] = [];
  const app = new App({
    receiver,
    token: slack.botToken,
    botId: slack.botId,
    botUserId: slack.botUserId,
    logLevel: LogLevel.ERROR,
    clientOptions: slackClientOptions(slack.apiUrl),
  });
  app.command('/vps', async ({ ack, command }) => {
    handled.push(command.text);
    await options.delay?.();
    await ack(`got ${command.text}`);
  });
  await app.start();
  stops.push(() => app.stop());
  return { receiver, handled };
}

/** Waits for state on the bot's side, which the fake's change signal does not see. */
async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error('the condition did not come true in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const command = (text: string, options: Parameters<FakeSlack['socket']['send']>[2] = {}) =>
  fake!.socket.send('slash_commands', { command: '/vps', text, user_id: 'U1', channel_id: 'C1' }, options);

describe('the bridged Socket Mode receiver', () => {
  it('hands Bolt each envelope and sends the ack with its response payload, once', async () => {
    const slack = await startFake();
    const { handled } = await startApp(slack);
    const ack = await command('list');
    expect(ack).toMatchObject({ type: 'slash_commands', payload: { text: 'got list' } });
    expect(handled).toEqual(['list']);
    expect(slack.socket.ackCount(ack.envelopeId)).toBe(1);
  });

  it('opens the next connection before the old one closes, and stays connected throughout', async () => {
    const slack = await startFake();
    const { receiver } = await startApp(slack);
    const seen: { open: number; connected: boolean }[] = [];
    const unsubscribe = slack.onChange(() =>
      seen.push({ open: slack.socket.connectionCount, connected: receiver.connected() }),
    );
    await slack.socket.refresh({ warningMs: 100, closeAfterMs: 100 });
    await slack.waitFor((f) => f.socket.connectionCount === 1 || undefined);
    unsubscribe();

    expect(slack.socket.connectionsOpened).toBe(2);
    expect(Math.max(...seen.map((s) => s.open))).toBe(2);
    expect(seen.every((s) => s.open >= 1 && s.connected)).toBe(true);
    expect(slack.callsTo('apps.connections.open')).toHaveLength(2);
    expect((await command('after')).payload).toEqual({ text: 'got after' });
  });

  it('handles a second copy of an envelope on the other connection not at all, and acks once', async () => {
    const slack = await startFake();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = 0;
    const { handled } = await startApp(slack, {
      // The first command holds its ack, so the old connection stays open while it drains.
      delay: () => (held++ === 0 ? gate : Promise.resolve()),
    });
    const slow = command('slow');
    await until(() => handled.length === 1);
    slack.socket.disconnect('warning');
    await slack.socket.waitForConnections(2);

    const twice = await command('twice', { deliverTo: 'all', envelopeId: 'E-TWICE' });
    release();
    await slow;
    await slack.waitFor((f) => f.socket.connectionCount === 1 || undefined);

    expect(twice.payload).toEqual({ text: 'got twice' });
    expect(handled).toEqual(['slow', 'twice']);
    expect(slack.socket.ackCount('E-TWICE')).toBe(1);
  });

  it('reconnects after the socket drops, and answers again', async () => {
    const slack = await startFake();
    const { receiver } = await startApp(slack);
    slack.socket.terminateAll();
    await slack.waitFor((f) => f.socket.connectionsOpened === 2 || undefined);
    await until(() => receiver.connected());
    expect(slack.socket.connectionCount).toBe(1);
    expect((await command('again')).payload).toEqual({ text: 'got again' });
  });

  it('keeps its old connection when Slack refuses the next one, and connects once there is room', async () => {
    const slack = await startFake({ socketMaxConnections: 1, socketCloseAfterRefreshMs: 200 });
    const { receiver } = await startApp(slack);
    const refreshed = slack.socket.refresh({ warningMs: 300 });
    await slack.waitFor((f) => f.socket.connectionsRefused > 0 || undefined);
    expect(receiver.connected()).toBe(true);
    expect((await command('meanwhile')).payload).toEqual({ text: 'got meanwhile' });

    await refreshed;
    await slack.waitFor((f) => f.socket.connectionsOpened === 2 || undefined);
    await until(() => receiver.connected());
    expect(slack.socket.connectionCount).toBe(1);
    expect((await command('room')).payload).toEqual({ text: 'got room' });
  });

  it('refuses to start when Slack says too_many_websockets, saying how many replicas fit', async () => {
    const slack = await startFake({ socketMaxConnections: 1 });
    const { url } = await new webApi.WebClient(
      slack.appToken,
      slackClientOptions(slack.apiUrl),
    ).apps.connections.open();
    const other = new WebSocket(url as string);
    stops.push(async () => other.terminate());
    await slack.socket.waitForConnections(1);

    const receiver = receiverFor(slack);
    const refused = await receiver.start().then(
      () => undefined,
      (error: unknown) => error as { code?: string; message?: string },
    );
    stops.push(() => receiver.stop());
    expect(refused?.code).toBe('slack_too_many_websockets');
    expect(refused?.message).toMatch(/too_many_websockets.*up to 2 connections.*at most 5 replicas/s);
    expect(maxConnectionsPerReplica).toBe(2);
    expect(receiver.connected()).toBe(false);
  });
});
