/**
 * Every timer the simulator starts (job steps, latency faults), so `close()` can clear them all.
 * Timers are deliberately not unref'd: a running job keeps the process alive like a real server would.
 */
export class TimerSet {
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  after(ms: number, fn: () => void): void {
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  clearAll(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
