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
  /** With `remaining` but no limit sent, spreading starts at this many. Default 20. */
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
  /** HostUp's count, decremented per request taken, reset by every answer that carries figures. */
  remaining: number;
  resetAt: number;
}

/**
 * The one HostUp request budget of the whole process, fed by the client's `onRateLimit`.
 *
 * - A 429's `Retry-After` stops every poll until it has passed (`take()` waits).
 * - Polls are paced at the limit less a reserve per window (a burst the reserve's size, then one
 *   per interval), the window's length learnt from the longest time to `X-RateLimit-Reset` seen;
 *   with only the reserve left, they wait for the reset. (An API that sends `remaining` but no
 *   limit gets what is left spread until the reset once it runs low.)
 * - Once the reset time passes, the figures are out of date: see below.
 * - Polls taken and not yet `release`d are in flight: while no figures are known (before the first
 *   answer) only `probe` go at once, so a start with thousands due does not burst past a limit
 *   HostUp has not told yet, and they count against the pacing once it starts. The pacing bounds
 *   the bot's own rate; HostUp's `remaining` (people's requests count there too) stops it at the
 *   reserve.
 */
export class RateBudget {
  readonly #clock: Clock;
  readonly #reserveFraction: number;
  readonly #lowRemaining: number;
  #pausedUntil = 0;
  #window: Window | null = null;
  #lastTakenAt: number | null = null;
  readonly #probe: number;
  #inFlight = 0;
  #seenFigures = false;
  #answeredBlind = 0;
  #windowMs: number | null = null;
  /** The pacing's theoretical arrival time (GCRA). */
  #tat = 0;

  constructor(options: RateBudgetOptions) {
    this.#clock = options.clock;
    this.#reserveFraction = options.reserveFraction ?? 0.1;
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
      const known = this.#windowMs !== null;
      if (info.limit !== null) this.#windowMs = Math.max(this.#windowMs ?? 0, info.resetAt - now);
      this.#window = { limit: info.limit, remaining: info.remaining, resetAt: info.resetAt };
      // Pacing starts now: the requests let out before (the probe) count against it.
      const pace = known ? null : this.#pace(this.#window);
      if (pace) this.#tat = Math.max(this.#tat, now + this.#inFlight * pace.intervalMs);
    }
  }

  /** How long a request asked for now would have to wait (0: it may go at once). */
  waitMs(): number {
    const now = this.#clock.now();
    if (now < this.#pausedUntil) return this.#pausedUntil - now;
    const w = this.#current(now);
    if (!w) return this.#blindRoom() > 0 ? 0 : blindWaitMs;
    const reserve = this.#reserve(w);
    if (w.remaining - reserve <= 0) return w.resetAt - now;
    const pace = this.#pace(w);
    if (pace) return Math.max(0, Math.ceil(this.#tat - pace.toleranceMs - now - 1e-3));
    // No limit known to pace by: what is left, spread until the reset once it runs low.
    if (w.remaining > this.#lowRemaining || this.#lastTakenAt === null) return 0;
    const spacing = (w.resetAt - this.#lastTakenAt) / (w.remaining - reserve);
    return Math.max(0, Math.ceil(this.#lastTakenAt + spacing - now));
  }

  /** Requests per window kept back for people. */
  #reserve(w: Window): number {
    return Math.max(1, Math.ceil((w.limit ?? 0) * this.#reserveFraction));
  }

  /**
   * Pacing at the limit less the reserve per window (GCRA), once both are known: a burst of the
   * reserve's size, then one request per interval. Over any window that makes at most the limit,
   * however stale the figures of the answers that come back meanwhile.
   */
  #pace(w: Window): { intervalMs: number; toleranceMs: number } | null {
    const reserve = this.#reserve(w);
    if (w.limit === null || this.#windowMs === null || w.limit <= reserve) return null;
    const intervalMs = this.#windowMs / (w.limit - reserve);
    return { intervalMs, toleranceMs: (reserve - 1) * intervalMs };
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
    const usable = w.remaining - this.#reserve(w);
    if (usable <= 0) return 0;
    const pace = this.#pace(w);
    if (pace) {
      // How many fit in the burst left (a hair of slack for the floating point of the intervals).
      const ahead = Math.max(this.#tat, now) - now;
      const room = Math.floor((pace.toleranceMs - ahead) / pace.intervalMs + 1e-3) + 1;
      return Math.min(usable, Math.max(0, room));
    }
    return this.waitMs() <= 0 ? usable : 0;
  }

  /**
   * The window's figures while they hold. Past its reset time: with a limit and window length
   * known, a new window is assumed and pacing goes on (a sliding window frees only its oldest
   * requests at the reset, so starting afresh with a burst would overrun it); else forgotten.
   */
  #current(now: number): Window | null {
    const w = this.#window;
    if (!w || now < w.resetAt) return w;
    this.#window =
      w.limit !== null && this.#windowMs !== null
        ? { limit: w.limit, remaining: w.limit, resetAt: now + this.#windowMs }
        : null;
    return this.#window;
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
        const now = this.#clock.now();
        this.#lastTakenAt = now;
        const pace = this.#window ? this.#pace(this.#window) : null;
        if (pace) this.#tat = Math.max(this.#tat, now) + pace.intervalMs;
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
