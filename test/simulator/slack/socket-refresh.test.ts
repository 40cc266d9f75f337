import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  createFakeSlack,
  type FakeSlack,
  type FakeSlackOptions,
} from '../../../src/simulator/slack/server.js';

type Frame = Record<string, unknown>;

let fake: FakeSlack | undefined;
const sockets: WebSocket[] = [];

async function start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  fake = createFakeSlack({ limits: 'off', ...options });
  await fake.listen();
  return fake;
}

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await fake?.close();
  fake = undefined;
});

/** A bare Socket Mode client: a URL from apps.connections.open, then every frame it receives. */
async function connect(): Promise<{
  ws: WebSocket;
  frames: Frame[];
  next: (type: string) => Promise<Frame>;
}> {
  const res = await fetch(`${fake!.apiUrl}apps.connections.open`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fake!.appToken}` },
  });
  const { ok, url } = (await res.json()) as { ok: boolean; url: string };
  expect(ok).toBe(true);
  const ws = new WebSocket(url);
  sockets.push(ws);
  const frames: Frame[] = [];
  const waiters: { type: string; resolve: (f: Frame) => void }[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    frames.push(frame);
    for (const w of [...waiters]) {
      if (frame.type === w.type || frame.reason === w.type) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(frame);
      }
    }
  });
  const next = (type: string) =>
    new Promise<Frame>((resolve) => {
      const earlier = frames.find((f) => f.type === type || f.reason === type);
      if (earlier) resolve(earlier);
      else waiters.push({ type, resolve });
    });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, frames, next };
}

const closed = (ws: WebSocket) =>
  new Promise<void>((resolve) =>
    ws.readyState === ws.CLOSED ? resolve() : ws.once('close', () => resolve()),
  );

const ack = (ws: WebSocket, frame: Frame, payload: Frame = {}) =>
  ws.send(JSON.stringify({ envelope_id: frame.envelope_id, payload }));

describe('a Socket Mode refresh', () => {
  it('warns, asks for a refresh after warningMs, and closes the connection closeAfterMs later', async () => {
    await start();
    const client = await connect();
    await client.next('hello');
    const started = performance.now();
    const refreshed = fake!.socket.refresh({ warningMs: 150, closeAfterMs: 100 });

    expect(await client.next('warning')).toEqual({
      type: 'disconnect',
      reason: 'warning',
      debug_info: { host: 'fake-slack' },
    });
    await client.next('refresh_requested');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    await refreshed;
    await closed(client.ws);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect(fake!.socket.connectionCount).toBe(0);
  });

  it('delivers to the newest connection, and loses what went to a connection that closed unacked', async () => {
    await start({ socketAckTimeoutMs: 300 });
    const old = await connect();
    await old.next('hello');
    const lost = fake!.socket.send('slash_commands', { text: 'to the old one' });
    await old.next('slash_commands');
    const fresh = await connect();
    await fresh.next('hello');
    old.ws.terminate();

    await expect(lost).rejects.toThrow(/no ack for slash_commands envelope/);
    expect(fresh.frames.some((f) => f.type === 'slash_commands')).toBe(false);
    const delivered = fake!.socket.send('interactive', { type: 'block_actions' });
    ack(fresh.ws, await fresh.next('interactive'));
    await expect(delivered).resolves.toMatchObject({ type: 'interactive' });
  });
});

describe('the connection limit', () => {
  it('greets ten connections and tells the eleventh too_many_websockets, then drops it', async () => {
    await start();
    const ten = await Promise.all(Array.from({ length: 10 }, () => connect()));
    await Promise.all(ten.map((c) => c.next('hello')));
    expect(fake!.socket.connectionCount).toBe(10);

    const eleventh = await connect();
    expect(await eleventh.next('too_many_websockets')).toEqual({
      type: 'disconnect',
      reason: 'too_many_websockets',
      debug_info: { host: 'fake-slack' },
    });
    await closed(eleventh.ws);
    expect(eleventh.frames.some((f) => f.type === 'hello')).toBe(false);
    expect(fake!.socket.connectionsRefused).toBe(1);
    expect(fake!.socket.connectionCount).toBe(10);
    expect(fake!.callsTo('apps.connections.open').every((c) => c.ok)).toBe(true);
  });
});

describe('redelivery', () => {
  it('retries an un-acked Events API envelope as a new envelope with retry_attempt and retry_reason', async () => {
    await start({ socketAckTimeoutMs: 100, socketEventRetryDelaysMs: [0] });
    const client = await connect();
    await client.next('hello');
    const sent = fake!.socket.send('events_api', { event_id: 'Ev1', event: { type: 'app_home_opened' } });
    const first = await client.next('events_api');
    expect(first).toMatchObject({ retry_attempt: 0, retry_reason: '' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const retry = client.frames.filter((f) => f.type === 'events_api').at(-1)!;
    expect(retry).toMatchObject({ retry_attempt: 1, retry_reason: 'timeout', payload: { event_id: 'Ev1' } });
    expect(retry.envelope_id).not.toBe(first.envelope_id);
    ack(client.ws, retry);
    await expect(sent).resolves.toMatchObject({ envelopeId: retry.envelope_id });
  });

  it('never retries a slash command or an interaction', async () => {
    await start({ socketAckTimeoutMs: 100, socketEventRetryDelaysMs: [0] });
    const client = await connect();
    await client.next('hello');
    await expect(fake!.socket.send('interactive', { type: 'block_actions' })).rejects.toThrow(/no ack/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.frames.filter((f) => f.type === 'interactive')).toHaveLength(1);
  });

  it('can play one envelope id on every connection, and counts every ack frame of it', async () => {
    await start();
    const [a, b] = await Promise.all([connect(), connect()]);
    await Promise.all([a!.next('hello'), b!.next('hello')]);
    const sent = fake!.socket.send(
      'slash_commands',
      { text: 'twice' },
      { deliverTo: 'all', envelopeId: 'E-1' },
    );
    const [fa, fb] = await Promise.all([a!.next('slash_commands'), b!.next('slash_commands')]);
    expect([fa.envelope_id, fb.envelope_id]).toEqual(['E-1', 'E-1']);
    ack(a!.ws, fa, { text: 'first' });
    ack(b!.ws, fb, { text: 'second' });
    await expect(sent).resolves.toMatchObject({ envelopeId: 'E-1', payload: { text: 'first' } });
    await fake!.waitFor((f) => f.socket.ackCount('E-1') === 2);
    expect(fake!.socket.acks).toHaveLength(1);
  });
});

describe('the socket control routes', () => {
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${fake!.url}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  it('refresh, disconnect and terminate connections, and show them', async () => {
    await start({ socketCloseAfterRefreshMs: 50 });
    const client = await connect();
    await client.next('hello');
    expect(await (await control('GET', '/_sim/socket')).json()).toEqual({
      connections: 1,
      opened: 1,
      refused: 0,
      acks: [],
    });
    expect((await control('POST', '/_sim/socket/disconnect', { reason: 'warning' })).status).toBe(200);
    await client.next('warning');
    expect((await control('POST', '/_sim/socket/refresh', { warningMs: 20, closeAfterMs: 20 })).status).toBe(
      202,
    );
    await client.next('refresh_requested');
    await closed(client.ws);

    const second = await connect();
    await second.next('hello');
    expect((await control('POST', '/_sim/socket/terminate')).status).toBe(200);
    await closed(second.ws);
    expect((await control('POST', '/_sim/socket/refresh', { warningMs: -1 })).status).toBe(400);
    expect((await control('POST', '/_sim/socket/disconnect', {})).status).toBe(400);
  });
});
