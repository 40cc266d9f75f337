import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { DeliveryBudget, OutboxMessage, Store } from '../store/store.js';

/** Why a send failed, as the sender classifies it: the worker decides when to try again. */
export class SendFailure extends Error {
  readonly retryAfterMs: number | null;
  readonly permanent: boolean;
  readonly code: string;
  /**
   * The platform may have taken the message even so (no answer, a timeout, a 5xx). False for a
   * definite refusal: a 429 or an error answer mean nothing was posted.
   */
  readonly maybeDelivered: boolean;

  constructor(
    code: string,
    args: { retryAfterMs?: number | null; permanent: boolean; maybeDelivered?: boolean; cause?: unknown },
  ) {
    super(code, { cause: args.cause });
    this.code = code;
    this.retryAfterMs = args.retryAfterMs ?? null;
    this.permanent = args.permanent;
    this.maybeDelivered = args.maybeDelivered ?? false;
  }
}

/** The least time between two claims when the first found fewer messages than it could take. */
const emptyClaimGapMs = 20;

/** Delivers one outbox message; resolves with the ts the chat platform gave it (null if none). */
export type SendMessage = (message: OutboxMessage) => Promise<{ ts: string | null }>;

export interface OutboxWorkerOptions {
  readonly store: Store;
  readonly send: SendMessage;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Lease owner: unique per process so two replicas never send the same message. */
  readonly owner: string;
  /**
   * The platform's limits, per message kind and channel (src/slack/delivery-budget.ts). The store
   * hands out only what they allow now and charges it, for every replica on the database alike.
   * Without one, nothing is held back.
   */
  readonly budget?: DeliveryBudget;
  /**
   * Sends in flight at once. Safe because a claim hands out at most one message per order group
   * (one thread) and per coalesce key (one message's edits), so order is kept where it matters.
   */
  readonly concurrency?: number;
  readonly leaseMs?: number;
  /** Longest wait before looking for due messages again (other replicas enqueue without a poke). */
  readonly idleMs?: number;
  /** Attempts before a message that keeps failing transiently is given up. */
  readonly maxAttempts?: number;
  /** Told of every 429 (for metrics). */
  readonly onRateLimited?: (channel: string) => void;
}

/**
 * Sends the messages the bot owes Slack, apart from polling. The store decides what may go now
 * (priorities, order, coalescing, the delivery budget); this worker sends it at once. A 429 pauses
 * that channel's sends of that kind for its `Retry-After` — other channels and polling go on — and
 * nothing is dropped that must arrive. A message is marked sent only after Slack accepted it.
 */
export class OutboxWorker {
  readonly #o: Required<Omit<OutboxWorkerOptions, 'budget' | 'onRateLimited'>> &
    Pick<OutboxWorkerOptions, 'budget' | 'onRateLimited'>;
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: AbortController | null = null;

  constructor(options: OutboxWorkerOptions) {
    this.#o = { concurrency: 8, leaseMs: 30_000, idleMs: 250, maxAttempts: 20, ...options };
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

  /** Stops claiming and waits for the sends in flight. */
  async stop(): Promise<void> {
    this.#running = false;
    this.poke();
    await this.#loop;
    await Promise.allSettled([...this.#inFlight]);
  }

  /** Sends what may go now, once; returns how many were handled. */
  async drainOnce(limit = 16): Promise<number> {
    const due = await this.#claim(limit);
    await Promise.all(due.map((message) => this.#deliver(message)));
    return due.length;
  }

  #claim(limit: number): Promise<OutboxMessage[]> {
    const { store, clock, owner, leaseMs, budget } = this.#o;
    return store.claimDueMessages({ owner, now: clock.now(), leaseMs, limit, ...(budget ? { budget } : {}) });
  }

  async #run(): Promise<void> {
    const { clock, concurrency, idleMs, logger, store, budget } = this.#o;
    let emptyAt = Number.NEGATIVE_INFINITY;
    while (this.#running) {
      this.#wake = new AbortController();
      // A claim that found nothing more to send is not repeated at once, however often the tracker
      // pokes: while the budget holds messages back, every enqueue would otherwise cost a claim.
      const calm = emptyAt + emptyClaimGapMs - clock.now();
      if (calm > 0) {
        await clock.sleep(calm).catch(() => undefined);
        continue;
      }
      let claimed = 0;
      const free = concurrency - this.#inFlight.size;
      try {
        if (free > 0) {
          const due = await this.#claim(free);
          for (const message of due) this.#launch(message);
          claimed = due.length;
          if (claimed < free) emptyAt = clock.now();
        }
      } catch (error) {
        logger.error({ err: error }, 'outbox: could not read due messages');
      }
      if (!this.#running) break;
      if (claimed > 0 && claimed === free) continue;
      // Until a send ends (its thread's next message may go), a poke, or the next message's time.
      let wait = idleMs;
      if (claimed === 0) {
        const now = clock.now();
        const next = await store.nextDeliveryAt({ now, ...(budget ? { budget } : {}) }).catch(() => null);
        if (next !== null) wait = Math.max(1, Math.min(idleMs, next - now));
      }
      await clock.sleep(wait, this.#wake.signal).catch(() => undefined);
    }
    this.#wake = null;
  }

  #launch(message: OutboxMessage): void {
    const done = this.#deliver(message).finally(() => {
      this.#inFlight.delete(done);
      this.poke();
    });
    this.#inFlight.add(done);
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
          : new SendFailure('unexpected', { permanent: false, maybeDelivered: true, cause: error });
      const log = {
        messageId: message.id,
        operationId: message.operationId,
        channel: message.channel,
        code: failure.code,
        attempts: message.attempts,
      };
      try {
        if (failure.permanent || message.attempts >= maxAttempts) {
          logger.error({ ...log, err: failure.cause ?? failure }, 'outbox: message given up');
          await store.markMessageFailed(message.id, owner, { error: failure.code });
          return;
        }
        const now = clock.now();
        const delay = failure.retryAfterMs ?? Math.min(60_000, 500 * 2 ** Math.min(message.attempts, 7));
        if (failure.retryAfterMs !== null) {
          // Slack counts per channel and method: hold this channel's sends of this kind, no others.
          this.#o.onRateLimited?.(message.channel);
          await store.pauseDelivery({ kind: message.kind, channel: message.channel, until: now + delay });
        }
        logger.warn({ ...log, retryInMs: delay }, 'outbox: send failed, will retry');
        await store.markMessageRetry(message.id, owner, {
          nextAttemptAt: now + delay,
          error: failure.code,
          maybeDelivered: failure.maybeDelivered,
        });
      } catch (recordError) {
        // The lease runs out and the message is handed out again, marked as maybe delivered.
        logger.error({ ...log, err: recordError }, 'outbox: could not record a failed send');
      }
    }
  }
}
