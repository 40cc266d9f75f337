import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { CallLog } from './call-log.js';
import { EnvelopeBook } from './socket-envelopes.js';
import type {
  FakeSocketMode,
  Json,
  SocketAck,
  SocketEnvelopeType,
  SocketRefreshOptions,
  SocketSendOptions,
} from './types.js';

export interface SocketModeOptions {
  appId: string;
  log: CallLog;
  ackTimeoutMs: number;
  /** Slack: 10 per app; the next one is told `too_many_websockets` instead of `hello`. */
  maxConnections?: number;
  /** How long after `refresh_requested` the fake closes that connection. */
  closeAfterRefreshMs?: number;
  /** Delays before each Events API retry (Slack: at once, after 1 min, after 5 min). */
  eventRetryDelaysMs?: readonly number[];
  /** How often the server pings clients (Slack's client reconnects when pings stop for 30 s). */
  pingIntervalMs?: number;
}

/** Disconnect reasons after which Slack closes the connection itself. */
const closingReasons = new Set(['refresh_requested', 'link_disabled']);

/**
 * Slack's Socket Mode on the fake's HTTP server. `apps.connections.open` hands out a one-time
 * ticket URL under /link/; on connect the server sends `hello`, or — past `maxConnections` open
 * connections of the app — `{type: 'disconnect', reason: 'too_many_websockets'}` and drops the
 * socket, which is how Slack refuses an 11th connection (apps.connections.open itself still
 * answers ok). Each envelope goes to one open connection, the newest, and waits for an ack
 * `{envelope_id, payload?}`; acks are matched by envelope id whichever connection carries them.
 * A refresh is a `warning` disconnect, ~10 s later `refresh_requested`, and shortly after that
 * the fake closes the connection: whatever was sent to it and not acked by then is lost.
 */
export class SocketModeServer implements FakeSocketMode {
  readonly #options: SocketModeOptions;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #tickets = new Set<string>();
  readonly #clients: WebSocket[] = [];
  readonly #book: EnvelopeBook;
  readonly #pinger: NodeJS.Timeout;
  readonly #timers = new Map<NodeJS.Timeout, () => void>();
  #opened = 0;
  #refused = 0;

  constructor(options: SocketModeOptions) {
    this.#options = options;
    this.#book = new EnvelopeBook({
      log: options.log,
      ackTimeoutMs: options.ackTimeoutMs,
      eventRetryDelaysMs: options.eventRetryDelaysMs ?? [0, 60_000, 300_000],
    });
    this.#wss.on('connection', (ws) => this.#onConnection(ws));
    this.#pinger = setInterval(() => {
      for (const ws of this.#open()) ws.ping();
    }, options.pingIntervalMs ?? 10_000);
    this.#pinger.unref();
  }

  get connectionCount(): number {
    return this.#clients.length;
  }

  get connectionsOpened(): number {
    return this.#opened;
  }

  get connectionsRefused(): number {
    return this.#refused;
  }

  get acks(): readonly SocketAck[] {
    return this.#book.acks;
  }

  ackCount(envelopeId: string): number {
    return this.#book.ackCount(envelopeId);
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

  send(type: SocketEnvelopeType, payload: Json, options: SocketSendOptions = {}): Promise<SocketAck> {
    return this.#book.send((envelope, to) => this.#deliver(envelope, to), type, payload, options);
  }

  disconnect(reason = 'refresh_requested'): void {
    const targets = this.#open();
    for (const ws of targets) sendDisconnect(ws, reason);
    if (closingReasons.has(reason)) {
      void this.#sleep(this.#options.closeAfterRefreshMs ?? 1000).then(() => this.#closeAll(targets));
    }
  }

  async refresh(options: SocketRefreshOptions = {}): Promise<void> {
    const targets = this.#open();
    for (const ws of targets) sendDisconnect(ws, 'warning');
    await this.#sleep(options.warningMs ?? 10_000);
    for (const ws of targets) if (ws.readyState === ws.OPEN) sendDisconnect(ws, 'refresh_requested');
    await this.#sleep(options.closeAfterMs ?? this.#options.closeAfterRefreshMs ?? 1000);
    await this.#closeAll(targets);
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
    for (const [timer, wake] of this.#timers) {
      clearTimeout(timer);
      wake();
    }
    this.#timers.clear();
    this.#book.close();
    await this.#closeAll([...this.#wss.clients], graceMs);
    for (const ws of this.#wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #open(): WebSocket[] {
    return this.#clients.filter((ws) => ws.readyState === ws.OPEN);
  }

  #deliver(envelope: Json, to: 'newest' | 'all'): boolean {
    const open = this.#open();
    const targets = to === 'all' ? open : open.slice(-1);
    for (const ws of targets) ws.send(JSON.stringify(envelope));
    return targets.length > 0;
  }

  /** Resolves after `ms`, or at once when the fake closes. */
  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.set(timer, resolve);
    });
  }

  /** Sends close frames and waits up to `graceMs` for the handshakes, then drops the rest. */
  async #closeAll(sockets: readonly WebSocket[], graceMs = 500): Promise<void> {
    const closed = sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) resolve();
          else ws.once('close', () => resolve());
        }),
    );
    for (const ws of sockets)
      if (ws.readyState === ws.OPEN) ws.close(1001, 'fake Slack closed the connection');
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all(closed), grace]);
    clearTimeout(timer);
    for (const ws of sockets) if (ws.readyState !== ws.CLOSED) ws.terminate();
  }

  #onConnection(ws: WebSocket): void {
    if (this.#clients.length >= (this.#options.maxConnections ?? 10)) {
      this.#refused += 1;
      sendDisconnect(ws, 'too_many_websockets', () => ws.terminate());
      this.#options.log.changed();
      return;
    }
    this.#opened += 1;
    this.#clients.push(ws);
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.#book.received(data.toString());
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
}

function sendDisconnect(ws: WebSocket, reason: string, then?: () => void): void {
  ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }), then);
}
