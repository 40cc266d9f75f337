import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { CallLog } from './call-log.js';
import type { FakeSocketMode, Json, SocketAck, SocketEnvelopeType } from './types.js';

interface Pending {
  type: SocketEnvelopeType;
  sentAt: number;
  timer: NodeJS.Timeout;
  resolve: (ack: SocketAck) => void;
  reject: (error: Error) => void;
}

export interface SocketModeOptions {
  appId: string;
  log: CallLog;
  ackTimeoutMs: number;
  /** How often the server pings clients (Slack's client reconnects when pings stop for 30 s). */
  pingIntervalMs?: number;
}

/**
 * Slack's Socket Mode on the fake's HTTP server. `apps.connections.open` hands out a one-time
 * ticket URL under /link/; on connect the server sends `hello`; envelopes go to the newest
 * connection and wait for an ack `{envelope_id, payload?}` (Slack: 3 s, else the person sees an
 * error). `disconnect` sends `{type: 'disconnect', reason}`, after which clients reconnect.
 */
export class SocketModeServer implements FakeSocketMode {
  readonly #options: SocketModeOptions;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #tickets = new Set<string>();
  readonly #clients: WebSocket[] = [];
  readonly #pending = new Map<string, Pending>();
  readonly #acks: SocketAck[] = [];
  readonly #pinger: NodeJS.Timeout;
  #opened = 0;

  constructor(options: SocketModeOptions) {
    this.#options = options;
    this.#wss.on('connection', (ws) => this.#onConnection(ws));
    this.#pinger = setInterval(() => {
      for (const ws of this.#clients) ws.ping();
    }, options.pingIntervalMs ?? 10_000);
    this.#pinger.unref();
  }

  get connectionCount(): number {
    return this.#clients.length;
  }

  get connectionsOpened(): number {
    return this.#opened;
  }

  get acks(): readonly SocketAck[] {
    return this.#acks;
  }

  /** A one-time WebSocket URL, as `apps.connections.open` returns. */
  issueUrl(wsBase: string): string {
    const ticket = randomBytes(16).toString('hex');
    this.#tickets.add(ticket);
    return `${wsBase}/link/?ticket=${ticket}&app_id=${this.#options.appId}`;
  }

  /** For the HTTP server's 'upgrade' event: accepts /link/ with an unused ticket only. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake-slack');
    const ticket = url.searchParams.get('ticket');
    if (url.pathname !== '/link/' || ticket === null || !this.#tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#wss.emit('connection', ws, req));
  }

  send(type: SocketEnvelopeType, payload: Json, options: { timeoutMs?: number } = {}): Promise<SocketAck> {
    const ws = this.#clients.at(-1);
    if (ws === undefined) return Promise.reject(new Error('fake Slack: no Socket Mode client is connected'));
    const envelopeId = randomUUID();
    const timeoutMs = options.timeoutMs ?? this.#options.ackTimeoutMs;
    const envelope: Json = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}),
    };
    return new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(envelopeId);
        reject(new Error(`fake Slack: no ack for ${type} envelope ${envelopeId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(envelopeId, { type, sentAt: performance.now(), timer, resolve, reject });
      ws.send(JSON.stringify(envelope));
    });
  }

  disconnect(reason = 'refresh_requested'): void {
    const message = JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } });
    for (const ws of this.#clients) ws.send(message);
  }

  terminateAll(): void {
    for (const ws of [...this.#clients]) ws.terminate();
  }

  waitForConnections(count = 1, timeoutMs = 5000): Promise<void> {
    return this.#options.log
      .waitFor(() => this.#clients.length >= count, timeoutMs, `${count} Socket Mode connection(s)`)
      .then(() => undefined);
  }

  /** Closes politely (close frame, up to `graceMs` for the handshake), then drops what is left. */
  async close(graceMs = 500): Promise<void> {
    clearInterval(this.#pinger);
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(`fake Slack closed before envelope ${id} was acked`));
    }
    this.#pending.clear();
    const open = [...this.#wss.clients];
    const closed = open.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) resolve();
          else ws.once('close', () => resolve());
        }),
    );
    for (const ws of open) if (ws.readyState === ws.OPEN) ws.close(1001, 'fake Slack is closing');
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all(closed), grace]);
    clearTimeout(timer);
    for (const ws of this.#wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #onConnection(ws: WebSocket): void {
    this.#opened += 1;
    this.#clients.push(ws);
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.#onMessage(data.toString());
    });
    ws.on('close', () => {
      const index = this.#clients.indexOf(ws);
      if (index >= 0) this.#clients.splice(index, 1);
      this.#options.log.changed();
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.#clients.length,
        debug_info: { host: 'fake-slack', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.#options.appId },
      }),
    );
    this.#options.log.changed();
  }

  #onMessage(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { envelope_id: envelopeId, payload } = message as Json;
    if (typeof envelopeId !== 'string') return;
    const pending = this.#pending.get(envelopeId);
    if (pending === undefined) return;
    this.#pending.delete(envelopeId);
    clearTimeout(pending.timer);
    const ack: SocketAck = {
      envelopeId,
      type: pending.type,
      ms: performance.now() - pending.sentAt,
      ...(isNonEmptyObject(payload) ? { payload } : {}),
    };
    this.#acks.push(ack);
    pending.resolve(ack);
    this.#options.log.changed();
  }
}

function isNonEmptyObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}
