import type { Clock } from '../clock.js';
import type { RateLimitInfo } from '../domain/vps-api.js';

export interface RateBudgetOptions {
  readonly clock: Clock;
  /**
   * Requests per window kept back for people: the tracker shares HostUp's limit with the commands
   * people run (reads and acting calls), which must not find the budget spent on polls.
   * Default: 10 % of the limit, at least 1.
   */
  readonly reserveFraction?: number;
  /** Spreading starts when `remaining` falls to this fraction of the limit. Default 0.5. */
  readonly lowFraction?: number;
  /** Used when the API sends `remaining` without a limit. Default 20. */
  readonly lowRemaining?: number;
}

interface Window {
  limit: number | null;
  /** Our own count, decremented per request taken, reset by every answer that carries figures. */
  remaining: number;
  resetAt: number;
}

/**
 * The one HostUp request budget of the whole process, fed by the client's `onRateLimit`.
 *
 * - A 429's `Retry-After` stops every poll until it has passed (`take()` waits).
 * - When `X-RateLimit-Remaining` runs low, the remaining requests (less a reserve) are spread
 *   evenly over the time left until `X-RateLimit-Reset`; with none left, polls wait for the reset.
 * - Once the reset time passes, the figures are forgotten: no spacing until the API says more.
 */
export class RateBudget {
  readonly #clock: Clock;
  readonly #reserveFraction: number;
  readonly #lowFraction: number;
  readonly #lowRemaining: number;
  #pausedUntil = 0;
  #window: Window | null = null;
  #lastTakenAt: number | null = null;

  constructor(options: RateBudgetOptions) {
    this.#clock = options.clock;
    this.#reserveFraction = options.reserveFraction ?? 0.1;
    this.#lowFraction = options.lowFraction ?? 0.5;
    this.#lowRemaining = options.lowRemaining ?? 20;
  }

  /** Epoch ms until which no request may go (0 when not paused). */
  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /** Takes the figures of one answer (pass this as the HostUp client's `onRateLimit`). */
  observe(info: RateLimitInfo): void {
    const now = this.#clock.now();
    if (info.retryAfterMs !== null) this.#pausedUntil = Math.max(this.#pausedUntil, now + info.retryAfterMs);
    if (info.remaining !== null && info.resetAt !== null && info.resetAt > now) {
      this.#window = { limit: info.limit, remaining: info.remaining, resetAt: info.resetAt };
    }
  }

  /** How long a request asked for now would have to wait (0: it may go at once). */
  waitMs(): number {
    const now = this.#clock.now();
    if (now < this.#pausedUntil) return this.#pausedUntil - now;
    const w = this.#window;
    if (!w) return 0;
    if (now >= w.resetAt) {
      this.#window = null;
      return 0;
    }
    const reserve = Math.max(1, Math.ceil((w.limit ?? 0) * this.#reserveFraction));
    const low =
      w.limit !== null ? w.remaining <= w.limit * this.#lowFraction : w.remaining <= this.#lowRemaining;
    if (!low) return 0;
    const usable = w.remaining - reserve;
    if (usable <= 0) return w.resetAt - now;
    if (this.#lastTakenAt === null) return 0;
    const spacing = (w.resetAt - this.#lastTakenAt) / usable;
    return Math.max(0, Math.ceil(this.#lastTakenAt + spacing - now));
  }

  /**
   * How many requests may go now without waiting: everything (Infinity) while nothing is known
   * or plenty is left, those above the point where spreading starts, then one at a time.
   */
  available(): number {
    const now = this.#clock.now();
    if (now < this.#pausedUntil) return 0;
    const w = this.#window;
    if (!w || now >= w.resetAt) return Number.POSITIVE_INFINITY;
    const lowLine = w.limit !== null ? Math.floor(w.limit * this.#lowFraction) : this.#lowRemaining;
    if (w.remaining > lowLine) return w.remaining - lowLine;
    return this.waitMs() <= 0 ? 1 : 0;
  }

  /** Resolves when one request may go, and counts it. Waits with the injected clock. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const wait = this.waitMs();
      if (wait <= 0) {
        this.#lastTakenAt = this.#clock.now();
        if (this.#window) this.#window.remaining -= 1;
        return;
      }
      await this.#clock.sleep(wait, signal);
    }
  }
}
