/** What the fake saw of one method (in one channel, or workspace-wide). */
export interface CallCounts {
  /** Calls that reached the limiter: accepted and refused. */
  calls: number;
  /** Calls answered 429 `ratelimited`. */
  ratelimited: number;
  /** Of those, calls that came back inside the Retry-After window of an earlier 429. */
  earlyRetries: number;
  /** Accepted calls in the busiest one-second window (a second of the run's time, see `speed`). */
  maxPerSecond: number;
}

/** `GET /_sim/rate-limits` → `stats`: per method, and per channel and method. */
export interface RateStats {
  methods: Record<string, CallCounts>;
  channels: Record<string, Record<string, CallCounts>>;
}

class Counter {
  readonly counts: CallCounts = { calls: 0, ratelimited: 0, earlyRetries: 0, maxPerSecond: 0 };
  /** Times of accepted calls still inside the sliding window. */
  #recent: number[] = [];

  add(at: number, windowMs: number, outcome: 'accepted' | 'limited' | 'early'): void {
    this.counts.calls += 1;
    if (outcome !== 'accepted') {
      this.counts.ratelimited += 1;
      if (outcome === 'early') this.counts.earlyRetries += 1;
      return;
    }
    this.#recent.push(at);
    while ((this.#recent[0] ?? at) <= at - windowMs) this.#recent.shift();
    this.counts.maxPerSecond = Math.max(this.counts.maxPerSecond, this.#recent.length);
  }
}

/**
 * Counters the tests read to prove the bot lives within Slack's limits ("the channel never saw
 * more than one message a second"). Kept whether or not limits are enforced.
 */
export class RateCounters {
  readonly #methods = new Map<string, Counter>();
  readonly #channels = new Map<string, Map<string, Counter>>();

  record(
    method: string,
    channel: string | undefined,
    at: number,
    windowMs: number,
    outcome: 'accepted' | 'limited' | 'early',
  ): void {
    counterIn(this.#methods, method).add(at, windowMs, outcome);
    if (channel === undefined) return;
    const perChannel = this.#channels.get(channel) ?? new Map<string, Counter>();
    this.#channels.set(channel, perChannel);
    counterIn(perChannel, method).add(at, windowMs, outcome);
  }

  snapshot(): RateStats {
    const copy = (map: Map<string, Counter>) =>
      Object.fromEntries([...map].map(([method, counter]) => [method, { ...counter.counts }]));
    return {
      methods: copy(this.#methods),
      channels: Object.fromEntries([...this.#channels].map(([channel, map]) => [channel, copy(map)])),
    };
  }

  clear(): void {
    this.#methods.clear();
    this.#channels.clear();
  }
}

function counterIn(map: Map<string, Counter>, key: string): Counter {
  const found = map.get(key);
  if (found !== undefined) return found;
  const created = new Counter();
  map.set(key, created);
  return created;
}
