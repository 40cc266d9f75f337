import type { Clock } from '../../clock.js';
import { RateCounters, type RateStats } from './rate-counters.js';
import { type LimitRule, type LimitsOption, type ResolvedLimits, resolveLimits } from './rate-limits.js';
import type { Json } from './types.js';

interface Bucket {
  tokens: number;
  updatedAt: number;
  /** End of the Retry-After window of the last 429: calls before it are refused again. */
  blockedUntil: number;
}

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSec: number };

/**
 * Token buckets per method and scope (workspace, channel or user), and the Retry-After windows
 * they hand out. A call inside a window is refused again even if the bucket has refilled: Slack
 * throttles apps that do not wait, and the fake makes that visible (`earlyRetries`). Refused
 * calls take no token. Time comes from the fake's clock; `speed` multiplies every rate, while
 * Retry-After stays in whole seconds of that clock (at least 1), as Slack sends it.
 */
export class RateLimiter {
  readonly #clock: Clock;
  readonly #counters = new RateCounters();
  #limits: ResolvedLimits;
  #buckets = new Map<string, Bucket>();

  constructor(option: LimitsOption | undefined, clock: Clock) {
    this.#clock = clock;
    this.#limits = resolveLimits(option);
  }

  get limits(): ResolvedLimits {
    return this.#limits;
  }

  /** Replaces the settings; buckets start full again, counters are kept. */
  configure(option: LimitsOption): void {
    this.#limits = resolveLimits(option);
    this.#buckets = new Map();
  }

  stats(): RateStats {
    return this.#counters.snapshot();
  }

  clearStats(): void {
    this.#counters.clear();
  }

  /** Decides one call (and counts it). Only calls that passed the token check come here. */
  check(method: string, args: Json): LimitDecision {
    const now = this.#clock.now();
    const decision = this.#decide(method, args, now);
    const outcome = decision.allowed ? 'accepted' : decision.early ? 'early' : 'limited';
    const channel = typeof args.channel === 'string' && args.channel !== '' ? args.channel : undefined;
    this.#counters.record(method, channel, now, 1000 / this.#limits.speed, outcome);
    return decision.allowed ? { allowed: true } : { allowed: false, retryAfterSec: decision.retryAfterSec };
  }

  #decide(
    method: string,
    args: Json,
    now: number,
  ): { allowed: true } | { allowed: false; retryAfterSec: number; early: boolean } {
    const rules = this.#limits.methods[method] ?? [];
    if (!this.#limits.enabled || rules.length === 0) return { allowed: true };
    const buckets = rules.map((rule) => ({ rule, bucket: this.#bucket(method, rule, args, now) }));

    const blocked = buckets.filter(({ bucket }) => now < bucket.blockedUntil);
    if (blocked.length > 0) {
      const waitMs = Math.max(...blocked.map(({ bucket }) => bucket.blockedUntil - now));
      return { allowed: false, retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)), early: true };
    }
    const empty = buckets.filter(({ bucket }) => bucket.tokens < 1);
    if (empty.length > 0) {
      let retryAfterSec = 1;
      for (const { rule, bucket } of empty) {
        const waitMs = (1 - bucket.tokens) / this.#perMs(rule);
        retryAfterSec = Math.max(retryAfterSec, Math.ceil(waitMs / 1000));
      }
      for (const { bucket } of empty) bucket.blockedUntil = now + retryAfterSec * 1000;
      return { allowed: false, retryAfterSec, early: false };
    }
    for (const { bucket } of buckets) bucket.tokens -= 1;
    return { allowed: true };
  }

  /** The bucket for this call, refilled up to now. */
  #bucket(method: string, rule: LimitRule, args: Json, now: number): Bucket {
    const key = `${method}|${rule.per}|${scopeValue(rule, args)}`;
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: rule.burst, updatedAt: now, blockedUntil: 0 };
      this.#buckets.set(key, bucket);
    }
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(rule.burst, bucket.tokens + elapsed * this.#perMs(rule));
    bucket.updatedAt = now;
    return bucket;
  }

  #perMs(rule: LimitRule): number {
    return (rule.perMinute * this.#limits.speed) / 60_000;
  }
}

function scopeValue(rule: LimitRule, args: Json): string {
  const value = rule.per === 'channel' ? args.channel : rule.per === 'user' ? args.user_id : '';
  return typeof value === 'string' ? value : '';
}
