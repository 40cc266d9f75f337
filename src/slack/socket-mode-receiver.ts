import { type AckFn, type App, ErrorCode, type Receiver, type ReceiverEvent, type webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { type Clock, systemClock } from '../clock.js';
import { AppError } from '../errors.js';
import { RecentEnvelopes } from './recent-envelopes.js';
import {
  type ConnectionHandlers,
  SocketConnection,
  type SocketEnvelope,
  SocketRefusedError,
} from './socket-connection.js';

/** Slack's limit of open Socket Mode connections per app. */
export const slackMaxConnections = 10;
/** A replica holds its old connection and the next one while Slack refreshes it. */
export const maxConnectionsPerReplica = 2;
export const maxSocketModeReplicas = Math.floor(slackMaxConnections / maxConnectionsPerReplica);

export const tooManyWebsocketsMessage =
  `Slack refused the Socket Mode connection: too_many_websockets (an app may hold at most ` +
  `${slackMaxConnections} open connections). Each replica holds up to ${maxConnectionsPerReplica} ` +
  `connections while Slack refreshes one, so run at most ${maxSocketModeReplicas} replicas in Socket ` +
  `Mode: stop the extra replicas (and any process still running with this app token), or run more ` +
  `replicas in HTTP mode (SLACK_MODE=http with SLACK_SIGNING_SECRET, behind a load balancer).`;

export interface BridgedSocketModeReceiverOptions {
  /** A WebClient holding the app-level token (xapp-…), for apps.connections.open. */
  readonly appClient: webApi.WebClient;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** How long an envelope id is remembered to drop a second copy. Default 60 s. */
  readonly dedupeWindowMs?: number;
  /** How long a replaced connection may stay open for its unacked envelopes. Default 3 s (Slack's ack limit). */
  readonly drainMs?: number;
  readonly helloTimeoutMs?: number;
  readonly pingIntervalMs?: number;
  /** Reconnect backoff after a dropped connection: at once, then doubling from `firstMs` up to `maxMs`. */
  readonly backoff?: { readonly firstMs: number; readonly maxMs: number };
}

/**
 * Bolt's receiver for Socket Mode, bridging Slack's refreshes. @slack/socket-mode 3.1 closes its
 * connection on any `disconnect` (the warning included) and opens the next one seconds later,
 * losing what Slack sends in between. Here a `warning` or `refresh_requested` opens the next
 * connection first; the old one is let go only once it is up and the old one's envelopes are
 * acked. Every envelope is acked once (on the connection it came on, or any open one if that
 * closed) and handled once: a second copy of an envelope id within the window is dropped. A
 * dropped socket is replaced with backoff. Bolt gets the same events as from its own
 * SocketModeReceiver: `{body, ack, retryNum, retryReason, customProperties}`.
 */
export class BridgedSocketModeReceiver implements Receiver {
  readonly #options: BridgedSocketModeReceiverOptions;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #connections = new Set<SocketConnection>();
  readonly #seen: RecentEnvelopes<SocketConnection>;
  readonly #handlers: ConnectionHandlers = {
    envelope: (envelope, from) => void this.#handle(envelope, from),
    disconnect: (reason, from) => void this.#replace(from, reason),
    closed: (connection) => this.#closed(connection),
  };
  #app: App | undefined;
  #opening: Promise<void> | null = null;
  #stopping = false;
  #abort = new AbortController();

  constructor(options: BridgedSocketModeReceiverOptions) {
    this.#options = options;
    this.#logger = options.logger;
    this.#clock = options.clock ?? systemClock;
    this.#seen = new RecentEnvelopes(this.#clock, options.dedupeWindowMs ?? 60_000);
  }

  init(app: App): void {
    this.#app = app;
  }

  /** True while at least one connection is open: across a refresh, the old one until the next is up. */
  connected(): boolean {
    return [...this.#connections].some((c) => c.isOpen);
  }

  /** Connects once; a refusal fails the start with a sentence saying what to do. */
  async start(): Promise<void> {
    this.#stopping = false;
    this.#abort = new AbortController();
    try {
      await this.#connect();
    } catch (error) {
      if (isTooManyWebsockets(error)) {
        throw new AppError('slack_too_many_websockets', tooManyWebsocketsMessage, { cause: error });
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new AppError(
        'slack_socket_start_failed',
        `Could not connect to Slack in Socket Mode: ${reason}`,
        {
          cause: error,
        },
      );
    }
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#abort.abort();
    // A connection being opened closes itself once it is up (see #connect).
    await this.#opening;
    await Promise.all([...this.#connections].map((c) => c.close()));
    this.#connections.clear();
  }

  async #connect(): Promise<void> {
    const { url } = await this.#options.appClient.apps.connections.open({});
    if (!url) throw new AppError('slack_socket_no_url', 'apps.connections.open answered without a URL');
    const connection = await SocketConnection.open(url, this.#handlers, {
      helloTimeoutMs: this.#options.helloTimeoutMs ?? 10_000,
      pingIntervalMs: this.#options.pingIntervalMs ?? 10_000,
    });
    if (this.#stopping) {
      await connection.close();
      return;
    }
    this.#connections.add(connection);
    this.#logger.info(
      { connection: connection.id, open: this.#connections.size },
      'Socket Mode connection open',
    );
  }

  /** Opens a connection unless a live one (open, not being replaced) exists; one attempt chain at a time. */
  #ensureLive(): Promise<void> {
    const live = [...this.#connections].some((c) => c.isOpen && !c.retiring);
    if (live || this.#stopping) return Promise.resolve();
    this.#opening ??= this.#connectWithBackoff().finally(() => {
      this.#opening = null;
    });
    return this.#opening;
  }

  async #connectWithBackoff(): Promise<void> {
    const { firstMs, maxMs } = this.#options.backoff ?? { firstMs: 1000, maxMs: 30_000 };
    for (let attempt = 0; !this.#stopping; attempt += 1) {
      if (attempt > 0) {
        const delay = Math.min(maxMs, firstMs * 2 ** (attempt - 1));
        await this.#clock.sleep(delay, this.#abort.signal).catch(() => undefined);
        if (this.#stopping) return;
      }
      try {
        await this.#connect();
        return;
      } catch (error) {
        if (isTooManyWebsockets(error)) this.#logger.error({ attempt }, tooManyWebsocketsMessage);
        else this.#logger.warn({ err: error, attempt }, 'could not open a Socket Mode connection; retrying');
      }
    }
  }

  /** Slack asked for a new connection: open the next one, let the old one's acks go out, then close it. */
  async #replace(old: SocketConnection, reason: string): Promise<void> {
    if (old.retiring || this.#stopping) return;
    old.retire();
    this.#logger.info({ connection: old.id, reason }, 'Slack asked for a new Socket Mode connection');
    await this.#ensureLive();
    await old.idle(this.#options.drainMs ?? 3000);
    await old.close();
  }

  #closed(connection: SocketConnection): void {
    this.#connections.delete(connection);
    if (this.#stopping) return;
    if (!connection.retiring)
      this.#logger.warn({ connection: connection.id }, 'Socket Mode connection dropped');
    void this.#ensureLive();
  }

  async #handle(envelope: SocketEnvelope, from: SocketConnection): Promise<void> {
    const id = envelope.envelope_id;
    const origin = this.#seen.originOf(id);
    if (origin !== undefined) {
      // The first copy's ack answers this one too; do not let it hold this connection's drain.
      if (origin !== from) from.settled(id);
      this.#logger.debug({ envelopeId: id, type: envelope.type }, 'dropped a second copy of an envelope');
      return;
    }
    this.#seen.remember(id, from);
    const ack = this.#ackFor(id, from);
    const event: ReceiverEvent = {
      body: envelope.payload,
      ack,
      ...(envelope.retry_attempt === undefined ? {} : { retryNum: envelope.retry_attempt }),
      ...(envelope.retry_reason === undefined ? {} : { retryReason: envelope.retry_reason }),
      customProperties: {},
    };
    try {
      await this.#app?.processEvent(event);
    } catch (error) {
      this.#logger.error(
        { err: error, type: envelope.type },
        'Bolt failed to process a Socket Mode envelope',
      );
      // As Bolt's own receiver: no installation will ever match, so tell Slack to stop retrying.
      if ((error as { code?: string }).code === ErrorCode.AuthorizationError)
        await ack().catch(() => undefined);
    }
  }

  /** Bolt's `ack(response?)`: once only; a string is sent as `{text}`, as @slack/socket-mode does. */
  #ackFor(id: string, from: SocketConnection): AckFn<unknown> {
    let acked = false;
    return async (response?: unknown) => {
      if (acked) {
        this.#logger.warn(
          { envelopeId: id },
          'ack() was called twice for one envelope; the second was ignored',
        );
        return;
      }
      acked = true;
      const payload =
        typeof response === 'string'
          ? { text: response }
          : { ...((response as Record<string, unknown>) ?? {}) };
      if (from.ack(id, payload)) return;
      const others = [...this.#connections].filter((c) => c !== from && c.isOpen);
      if (others.at(-1)?.ack(id, payload)) return;
      throw new AppError('slack_ack_not_sent', 'No Socket Mode connection was open to carry the ack');
    };
  }
}

function isTooManyWebsockets(error: unknown): boolean {
  if (error instanceof SocketRefusedError) return error.code === 'too_many_websockets';
  // Not where Slack says it today (it refuses on the socket), but a WebClient error would read so.
  return (error as { data?: { error?: string } }).data?.error === 'too_many_websockets';
}
