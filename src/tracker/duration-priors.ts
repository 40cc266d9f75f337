import type { Clock } from '../clock.js';
import type { ProviderName, Store } from '../store/store.js';
import { logNormalFit } from './end-belief.js';
import type { DurationPrior } from './poll-schedule.js';

/** With only one or two durations recorded: their median, with a middling spread. */
const fewSamplesSigma = 0.5;

/**
 * How long each kind of action took lately, as the poll schedule's prior: the median and
 * log-spread of the store's recent durations (the last 20 per action). Read once per action per
 * `ttlMs`, and again as soon as this process records a new duration of that action.
 */
export class DurationPriors {
  readonly #store: Pick<Store, 'recentDurations' | 'recordDuration'>;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, { at: number; prior: Promise<DurationPrior | null> }>();

  constructor(options: {
    store: Pick<Store, 'recentDurations' | 'recordDuration'>;
    clock: Clock;
    ttlMs?: number;
  }) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#ttlMs = options.ttlMs ?? 60_000;
  }

  get(provider: ProviderName, action: string): Promise<DurationPrior | null> {
    const key = `${provider}:${action}`;
    const now = this.#clock.now();
    const cached = this.#cache.get(key);
    if (cached && now - cached.at < this.#ttlMs) return cached.prior;
    const prior = this.#store.recentDurations(provider, action).then(priorOf, () => null);
    this.#cache.set(key, { at: now, prior });
    return prior;
  }

  /** Records how long one operation took, and forgets the cached prior of its action. */
  async record(provider: ProviderName, action: string, ms: number): Promise<void> {
    await this.#store.recordDuration(provider, action, ms);
    this.#cache.delete(`${provider}:${action}`);
  }
}

export function priorOf(durations: readonly number[]): DurationPrior | null {
  const fit = logNormalFit(durations);
  if (fit) return fit;
  const known = durations.filter((ms) => ms > 0).sort((a, b) => a - b);
  if (known.length === 0) return null;
  const median = known.length === 1 ? known[0]! : (known[0]! + known[1]!) / 2;
  return { medianMs: median, sigma: fewSamplesSigma };
}
