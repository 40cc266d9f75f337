import { type Clock, systemClock } from '../../src/clock.js';

/**
 * The system clock moved forward on demand: `now()` jumps by `advance(ms)`, while `sleep` stays
 * real, so background loops (outbox, sweeper) keep running at test speed. A ManualClock would
 * stop them: its sleeps only end when it is advanced.
 */
export class ShiftedClock implements Clock {
  #offset = 0;

  now(): number {
    return Date.now() + this.#offset;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return systemClock.sleep(ms, signal);
  }

  advance(ms: number): void {
    this.#offset += ms;
  }
}
