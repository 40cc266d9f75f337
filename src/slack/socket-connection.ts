import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { AppError } from '../errors.js';

/** One Socket Mode envelope as Slack sends it. */
export interface SocketEnvelope {
  readonly envelope_id: string;
  readonly type: string;
  readonly payload: Record<string, unknown>;
  readonly retry_attempt?: number;
  readonly retry_reason?: string;
}

export interface ConnectionHandlers {
  envelope(envelope: SocketEnvelope, from: SocketConnection): void;
  /** Slack sent `{type: 'disconnect', reason}`: it wants this connection replaced. */
  disconnect(reason: string, from: SocketConnection): void;
  closed(connection: SocketConnection): void;
}

export interface ConnectionTimings {
  /** How long to wait for `hello` after connecting. */
  readonly helloTimeoutMs: number;
  /** How often to ping Slack; a connection silent for two intervals is dropped as dead. */
  readonly pingIntervalMs: number;
}

/** Slack refused the connection instead of greeting it (`code` is its reason, e.g. too_many_websockets). */
export class SocketRefusedError extends AppError {}

let nextId = 1;

/**
 * One Socket Mode WebSocket. `open` resolves once Slack said `hello`; it rejects with
 * SocketRefusedError when Slack answers `disconnect` instead (how it refuses an 11th connection).
 * It pings Slack and drops the socket when nothing (message, ping or pong) arrived for two ping
 * intervals, so a half-open TCP connection is noticed. It also tracks the envelopes received on it
 * and not yet acked, so a refresh can let it go only once they are answered.
 */
export class SocketConnection {
  readonly id = nextId++;
  readonly #ws: WebSocket;
  readonly #unacked = new Set<string>();
  #idleWaiters: (() => void)[] = [];
  #retiring = false;
  /** Monotonic time of the last frame, ping or pong from Slack. */
  #lastHeard = performance.now();
  #pinger: NodeJS.Timeout | undefined;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
  }

  static open(
    url: string,
    handlers: ConnectionHandlers,
    timings: ConnectionTimings,
  ): Promise<SocketConnection> {
    const ws = new WebSocket(url);
    const connection = new SocketConnection(ws);
    return new Promise<SocketConnection>((resolve, reject) => {
      let greeted = false;
      const fail = (error: Error) => {
        clearTimeout(helloTimer);
        ws.terminate();
        reject(error);
      };
      const helloTimer = setTimeout(
        () =>
          fail(
            new AppError(
              'slack_socket_no_hello',
              `Slack did not say hello within ${timings.helloTimeoutMs} ms`,
            ),
          ),
        timings.helloTimeoutMs,
      );
      ws.on('error', (error) => {
        if (!greeted)
          fail(new AppError('slack_socket_failed', `Socket Mode connection failed: ${error.message}`));
      });
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        const frame = parseFrame(data.toString());
        connection.#lastHeard = performance.now();
        if (frame === undefined) return;
        if (!greeted) {
          if (frame.type === 'hello') {
            greeted = true;
            clearTimeout(helloTimer);
            connection.#startPinging(timings.pingIntervalMs);
            resolve(connection);
          } else if (frame.type === 'disconnect') {
            const reason = typeof frame.reason === 'string' ? frame.reason : 'unknown';
            fail(new SocketRefusedError(reason, `Slack refused the Socket Mode connection: ${reason}`));
          }
          return;
        }
        if (frame.type === 'disconnect') {
          handlers.disconnect(typeof frame.reason === 'string' ? frame.reason : 'unknown', connection);
        } else if (typeof frame.envelope_id === 'string' && typeof frame.type === 'string') {
          connection.#unacked.add(frame.envelope_id);
          handlers.envelope(frame as unknown as SocketEnvelope, connection);
        }
      });
      ws.on('ping', () => {
        connection.#lastHeard = performance.now();
      });
      ws.on('pong', () => {
        connection.#lastHeard = performance.now();
      });
      ws.on('close', () => {
        clearInterval(connection.#pinger);
        connection.#wakeIdle();
        if (greeted) handlers.closed(connection);
        else
          fail(new AppError('slack_socket_closed', 'Slack closed the Socket Mode connection before hello'));
      });
    });
  }

  get isOpen(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  /** True once a refresh asked for this connection to be replaced. */
  get retiring(): boolean {
    return this.#retiring;
  }

  retire(): void {
    this.#retiring = true;
  }

  /** Sends the ack of an envelope; false when this connection can no longer carry it. */
  ack(envelopeId: string, payload: Record<string, unknown>): boolean {
    this.#unacked.delete(envelopeId);
    if (this.#unacked.size === 0) this.#wakeIdle();
    if (!this.isOpen) return false;
    this.#ws.send(JSON.stringify({ envelope_id: envelopeId, payload }));
    return true;
  }

  /** Forgets an envelope that another connection's ack answered. */
  settled(envelopeId: string): void {
    this.#unacked.delete(envelopeId);
    if (this.#unacked.size === 0) this.#wakeIdle();
  }

  /** Resolves once every envelope received here is acked, the socket closed, or `timeoutMs` passed. */
  idle(timeoutMs: number): Promise<void> {
    if (this.#unacked.size === 0 || !this.isOpen) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#idleWaiters.push(done);
    });
  }

  /** Closes with a close frame; the socket is dropped if Slack does not answer it within `graceMs`. */
  close(graceMs = 1000): Promise<void> {
    if (this.#ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.#ws.terminate(), graceMs);
      this.#ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.#ws.readyState === WebSocket.OPEN) this.#ws.close(1000);
    });
  }

  #startPinging(intervalMs: number): void {
    this.#pinger = setInterval(() => {
      if (performance.now() - this.#lastHeard > 2 * intervalMs) this.#ws.terminate();
      else if (this.isOpen) this.#ws.ping();
    }, intervalMs);
    this.#pinger.unref();
  }

  #wakeIdle(): void {
    for (const wake of this.#idleWaiters.splice(0)) wake();
  }
}

function parseFrame(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
