import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { OutboxMessage, Store } from '../store/store.js';

/** Why a send failed, as the sender classifies it: the worker decides when to try again. */
export class SendFailure extends Error {
  readonly retryAfterMs: number | null;
  readonly permanent: boolean;
  readonly code: string;

  constructor(code: string, args: { retryAfterMs?: number | null; permanent: boolean; cause?: unknown }) {
    super(code, { cause: args.cause });
    this.code = code;
    this.retryAfterMs = args.retryAfterMs ?? null;
    this.permanent = args.permanent;
  }
}

/** Delivers one outbox message; resolves with the ts the chat platform gave it (null if none). */
export type SendMessage = (message: OutboxMessage) => Promise<{ ts: string | null }>;

export interface OutboxWorkerOptions {
  readonly store: Store;
  readonly send: SendMessage;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Lease owner: unique per process so two replicas never send the same message. */
  readonly owner: string;
  readonly batchSize?: number;
  /**
   * Sends in flight at once. Safe because a claim hands out at most one message per order group
   * (one thread, one root), so order within a thread is kept; different threads go in parallel.
   */
  readonly concurrency?: number;
  readonly leaseMs?: number;
  /** How often to look for due messages when idle. */
  readonly idleMs?: number;
  /** Attempts before a message that keeps failing transiently is given up. */
  readonly maxAttempts?: number;
}

/**
 * Sends the messages the bot owes Slack, apart from polling: a Slack 429 or outage delays
 * messages (each retried after `Retry-After` or with backoff) but never blocks the tracker, and
 * nothing is dropped. A message is marked sent only after Slack accepted it.
 */
export class OutboxWorker {
  readonly #o: Required<OutboxWorkerOptions>;
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: AbortController | null = null;
  #pausedUntil = 0;

  constructor(options: OutboxWorkerOptions) {
    this.#o = { batchSize: 16, concurrency: 4, leaseMs: 30_000, idleMs: 250, maxAttempts: 20, ...options };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Nudges the worker to look now (after something was enqueued). */
  poke(): void {
    this.#wake?.abort();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.poke();
    await this.#loop;
  }

  /** Sends every due message once; returns how many were handled. */
  async drainOnce(): Promise<number> {
    const { store, clock, owner, batchSize, leaseMs } = this.#o;
    if (clock.now() < this.#pausedUntil) return 0;
    const due = await store.claimDueMessages({ owner, now: clock.now(), leaseMs, limit: batchSize });
    const queue = [...due];
    const lane = async () => {
      for (let message = queue.shift(); message; message = queue.shift()) {
        if (clock.now() < this.#pausedUntil) {
          // Rate-limited mid-batch: hand the rest back untouched, due when the pause ends.
          await store.markMessageRetry(message.id, owner, {
            nextAttemptAt: this.#pausedUntil,
            error: 'paused',
          });
          continue;
        }
        await this.#deliver(message);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#o.concurrency, due.length) }, lane));
    return due.length;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let handled = 0;
      try {
        handled = await this.drainOnce();
      } catch (error) {
        this.#o.logger.error({ err: error }, 'outbox: could not read due messages');
      }
      if (handled > 0 || !this.#running) continue;
      this.#wake = new AbortController();
      const wait = Math.max(this.#o.idleMs, this.#pausedUntil - this.#o.clock.now());
      await this.#o.clock.sleep(wait, this.#wake.signal).catch(() => undefined);
      this.#wake = null;
    }
  }

  async #deliver(message: OutboxMessage): Promise<void> {
    const { store, send, clock, owner, logger, maxAttempts } = this.#o;
    try {
      const { ts } = await send(message);
      await store.markMessageSent(message.id, owner, { ts, now: clock.now() });
    } catch (error) {
      const failure =
        error instanceof SendFailure
          ? error
          : new SendFailure('unexpected', { permanent: false, cause: error });
      const log = {
        messageId: message.id,
        operationId: message.operationId,
        code: failure.code,
        attempts: message.attempts,
      };
      if (failure.permanent || message.attempts >= maxAttempts) {
        logger.error({ ...log, err: failure.cause ?? failure }, 'outbox: message given up');
        await store.markMessageFailed(message.id, owner, { error: failure.code });
        return;
      }
      const delay = failure.retryAfterMs ?? Math.min(60_000, 500 * 2 ** Math.min(message.attempts, 7));
      // A rate limit applies to the whole workspace token: pause every send, not just this one.
      if (failure.retryAfterMs !== null) this.#pausedUntil = clock.now() + failure.retryAfterMs;
      logger.warn({ ...log, retryInMs: delay }, 'outbox: send failed, will retry');
      await store.markMessageRetry(message.id, owner, {
        nextAttemptAt: clock.now() + delay,
        error: failure.code,
      });
    }
  }
}
