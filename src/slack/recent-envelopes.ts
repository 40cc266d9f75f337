import type { Clock } from '../clock.js';

/**
 * Envelope ids seen in the last `windowMs`, with the connection each first arrived on. During a
 * refresh the same envelope may reach both connections; the second copy is recognised here and
 * never handled again. Ids are kept in arrival order, so expiry only looks at the oldest ones.
 */
export class RecentEnvelopes<T> {
  readonly #clock: Clock;
  readonly #windowMs: number;
  readonly #seen = new Map<string, { at: number; origin: T }>();

  constructor(clock: Clock, windowMs: number) {
    this.#clock = clock;
    this.#windowMs = windowMs;
  }

  /** Where the first copy of `id` arrived, if it did within the window. */
  originOf(id: string): T | undefined {
    this.#expire();
    return this.#seen.get(id)?.origin;
  }

  remember(id: string, origin: T): void {
    this.#expire();
    this.#seen.set(id, { at: this.#clock.now(), origin });
  }

  #expire(): void {
    const oldest = this.#clock.now() - this.#windowMs;
    for (const [id, entry] of this.#seen) {
      if (entry.at > oldest) break;
      this.#seen.delete(id);
    }
  }
}
