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

/** How late a paced turn may still be taken up (see `#pace`). */
const catchUpMs = 25;

/** How far ahead `available()` counts the paced turns. */
const horizonMs = 100;

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
  #queue: { resolve: () => void }[] = [];
  #pumping = false;

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
   * Pacing at the limit less the reserve per window, once both are known: one request per
   * interval (GCRA). Over any window that makes at most the limit less the reserve, however stale
   * the figures of the answers that come back meanwhile — no bursts, which would eat the reserve
   * and tip a sliding window over its limit, but a little catch-up (`catchUpMs`, two turns at
   * most) so a timer that fires late on a busy event loop does not lose turns.
   */
  #pace(w: Window): { intervalMs: number; toleranceMs: number } | null {
    const reserve = this.#reserve(w);
    if (w.limit === null || this.#windowMs === null || w.limit <= reserve) return null;
    const intervalMs = this.#windowMs / (w.limit - reserve);
    return { intervalMs, toleranceMs: Math.min(catchUpMs, 2 * intervalMs, (reserve - 1) * intervalMs) };
  }

  /**
   * How many requests may go within the next `horizonMs` (the tracker claims that many, and each
   * waits its turn in `take()`): by the pacing, at most what HostUp says is left above the
   * reserve; `probe` at most while no figures are known; everything for an API that sends none.
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
      // How many turns fall within the horizon (a hair of slack for the floating point).
      const ahead = Math.max(this.#tat, now) - now;
      const room = Math.floor((horizonMs + pace.toleranceMs - ahead) / pace.intervalMs + 1e-3) + 1;
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

  /**
   * Resolves when one request may go, and counts it. Requests wait in one queue, in the order
   * they asked, let out one turn at a time by a single timer of the injected clock (not one timer
   * per waiter, which would all wake together and race for each turn).
   */
  take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#queue.length === 0 && this.waitMs() <= 0) {
      this.#count();
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#queue = this.#queue.filter((w) => w !== waiter);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
      if (!this.#pumping) void this.#pump();
    });
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#queue.length > 0) {
        const wait = this.waitMs();
        if (wait > 0) {
          await this.#clock.sleep(wait);
          continue;
        }
        this.#count();
        this.#queue.shift()?.resolve();
      }
    } finally {
      this.#pumping = false;
    }
  }

  /** One request goes now: its turn is taken from the pacing and the window's count. */
  #count(): void {
    const now = this.#clock.now();
    this.#lastTakenAt = now;
    const pace = this.#window ? this.#pace(this.#window) : null;
    if (pace) this.#tat = Math.max(this.#tat, now) + pace.intervalMs;
    if (this.#window) this.#window.remaining -= 1;
    this.#inFlight += 1;
  }

  /** The request a `take()` let out has its answer (or failed): it is no longer in flight. */
  release(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    if (!this.#seenFigures) this.#answeredBlind += 1;
  }
}
