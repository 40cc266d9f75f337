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
  /**
   * Polls let out at once before HostUp has said anything about its limit (the first answers
   * carry it); after this many answers without figures, the API is taken to have none. Default 8.
   */
  readonly probe?: number;
}

/** How long a poll waits for an answer to free a place while no figures are known. */
const blindWaitMs = 20;

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
 * - When `X-RateLimit-Remaining` runs low, polls are paced at the limit (less a reserve) per
 *   window, the window's length learnt from the longest time to `X-RateLimit-Reset` seen (until
 *   it is known, what is left is spread until the reset); with none left, polls wait for the reset.
 * - Once the reset time passes, the figures are forgotten: no spacing until the API says more.
 * - Polls taken and not yet `release`d are in flight: an answer's `remaining` is lowered by the
 *   others still in flight (HostUp may count them after it counted this one), and while no figures
 *   are known (before the first answer, or once they are out of date) only `probe` go at once, so
 *   a start with thousands due does not burst past a limit HostUp has not told yet.
 */
export class RateBudget {
  readonly #clock: Clock;
  readonly #reserveFraction: number;
  readonly #lowFraction: number;
  readonly #lowRemaining: number;
  #pausedUntil = 0;
  #window: Window | null = null;
  #lastTakenAt: number | null = null;
  readonly #probe: number;
  #inFlight = 0;
  #seenFigures = false;
  #answeredBlind = 0;
  #windowMs: number | null = null;

  constructor(options: RateBudgetOptions) {
    this.#clock = options.clock;
    this.#reserveFraction = options.reserveFraction ?? 0.1;
    this.#lowFraction = options.lowFraction ?? 0.5;
    this.#lowRemaining = options.lowRemaining ?? 20;
    this.#probe = options.probe ?? 8;
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
      this.#seenFigures = true;
      // The longest time to a reset seen is the best guess at the window's length.
      if (info.limit !== null) this.#windowMs = Math.max(this.#windowMs ?? 0, info.resetAt - now);
      const others = Math.max(0, this.#inFlight - 1);
      this.#window = {
        limit: info.limit,
        remaining: Math.max(0, info.remaining - others),
        resetAt: info.resetAt,
      };
    }
  }

  /** How long a request asked for now would have to wait (0: it may go at once). */
  waitMs(): number {
    const now = this.#clock.now();
    if (now < this.#pausedUntil) return this.#pausedUntil - now;
    const w = this.#current(now);
    if (!w) return this.#blindRoom() > 0 ? 0 : blindWaitMs;
    const reserve = Math.max(1, Math.ceil((w.limit ?? 0) * this.#reserveFraction));
    if (w.remaining > this.#lowLine(w)) return 0;
    const usable = w.remaining - reserve;
    if (usable <= 0) return w.resetAt - now;
    if (this.#lastTakenAt === null) return 0;
    // Paced at what the API allows over a window (its limit less the reserve), when its length is
    // known; else what is left spread evenly until the reset.
    const spacing =
      w.limit !== null && this.#windowMs !== null && w.limit > reserve
        ? this.#windowMs / (w.limit - reserve)
        : (w.resetAt - this.#lastTakenAt) / usable;
    return Math.max(0, Math.ceil(this.#lastTakenAt + spacing - now));
  }

  /**
   * How many requests may go now without waiting: those above the point where spreading starts,
   * then one at a time; `probe` at most while no figures are known; everything for an API that
   * sends none.
   */
  available(): number {
    const now = this.#clock.now();
    if (now < this.#pausedUntil) return 0;
    const w = this.#current(now);
    if (!w) return this.#blindRoom();
    if (w.remaining > this.#lowLine(w)) return w.remaining - this.#lowLine(w);
    return this.waitMs() <= 0 ? 1 : 0;
  }

  /** The window's figures while they hold (forgotten once its reset time has passed). */
  #current(now: number): Window | null {
    if (this.#window && now >= this.#window.resetAt) this.#window = null;
    return this.#window;
  }

  /** Where spreading starts. */
  #lowLine(w: Window): number {
    return w.limit !== null ? Math.floor(w.limit * this.#lowFraction) : this.#lowRemaining;
  }

  /**
   * With no figures: an API that never sent any has no limit to keep to; otherwise they are not
   * known yet or out of date (a sliding window frees only its oldest requests at its reset), and
   * a few go until an answer says more.
   */
  #blindRoom(): number {
    if (!this.#seenFigures && this.#answeredBlind >= this.#probe) return Number.POSITIVE_INFINITY;
    return Math.max(0, this.#probe - this.#inFlight);
  }

  /** Resolves when one request may go, and counts it. Waits with the injected clock. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const wait = this.waitMs();
      if (wait <= 0) {
        this.#lastTakenAt = this.#clock.now();
        if (this.#window) this.#window.remaining -= 1;
        this.#inFlight += 1;
        return;
      }
      await this.#clock.sleep(wait, signal);
    }
  }

  /** The request a `take()` let out has its answer (or failed): it is no longer in flight. */
  release(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    if (!this.#seenFigures) this.#answeredBlind += 1;
  }
}
