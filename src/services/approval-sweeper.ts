import type { Logger } from 'pino';
import type { Clock } from '../clock.js';

export interface ApprovalSweeperOptions {
  /** Expires due requests and edits their messages; resolves with how many it expired. */
  readonly sweep: () => Promise<number>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How often to look; default 15 s (a request's expiry shows at most this late). */
  readonly intervalMs?: number;
}

/**
 * Expires approval requests nobody decided in time, on an interval of the injected clock. A late
 * click is refused by the store whatever the sweeper did; the sweeper is what makes the channel
 * message say "expired" without anyone clicking.
 */
export class ApprovalSweeper {
  readonly #o: ApprovalSweeperOptions;
  readonly #intervalMs: number;
  #running = false;
  #loop: Promise<void> | null = null;
  #stop: AbortController | null = null;

  constructor(options: ApprovalSweeperOptions) {
    this.#o = options;
    this.#intervalMs = options.intervalMs ?? 15_000;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stop = new AbortController();
    this.#loop = this.#run(this.#stop.signal);
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#stop?.abort();
    await this.#loop;
  }

  /** One sweep, for tests and for the loop. Never throws: a failed sweep is logged and retried. */
  async sweepOnce(): Promise<number> {
    try {
      return await this.#o.sweep();
    } catch (error) {
      this.#o.logger.error({ err: error }, 'approval sweep failed');
      return 0;
    }
  }

  async #run(signal: AbortSignal): Promise<void> {
    // Raced with the abort ourselves: a clock whose sleep ignores the signal must not hold stop().
    const aborted = new Promise<void>((resolve) =>
      signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    while (this.#running) {
      await this.sweepOnce();
      if (!this.#running) break;
      await Promise.race([this.#o.clock.sleep(this.#intervalMs, signal).catch(() => undefined), aborted]);
    }
  }
}
