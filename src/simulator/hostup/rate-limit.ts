import type { SimRateLimit } from './types.js';

export type RateDecision =
  | { allowed: true; headers: Record<string, string> }
  | { allowed: false; retryAfterSec: number; headers: Record<string, string> };

/**
 * A real sliding window: at most `limit` accepted requests in any `windowMs`. Refused requests do
 * not count. `X-RateLimit-Reset` is an ISO time, as HostUp sends it (not epoch seconds).
 */
export class SlidingWindowLimiter {
  #config: SimRateLimit | null;
  #hits: number[] = [];

  constructor(config: SimRateLimit | null) {
    this.#config = config;
  }

  get config(): SimRateLimit | null {
    return this.#config;
  }

  set(config: SimRateLimit | null): void {
    this.#config = config;
    this.#hits = [];
  }

  check(now = Date.now()): RateDecision {
    const config = this.#config;
    if (!config) return { allowed: true, headers: {} };
    this.#hits = this.#hits.filter((t) => t > now - config.windowMs);
    if (this.#hits.length >= config.limit) {
      const resetAt = (this.#hits[0] ?? now) + config.windowMs;
      return {
        allowed: false,
        retryAfterSec: Math.max(1, Math.ceil((resetAt - now) / 1000)),
        headers: this.#headers(config.limit, 0, resetAt),
      };
    }
    this.#hits.push(now);
    const resetAt = (this.#hits[0] ?? now) + config.windowMs;
    return { allowed: true, headers: this.#headers(config.limit, config.limit - this.#hits.length, resetAt) };
  }

  #headers(limit: number, remaining: number, resetAt: number): Record<string, string> {
    return {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': new Date(resetAt).toISOString(),
    };
  }
}
