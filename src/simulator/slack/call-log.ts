import type { RecordedCall } from './types.js';

type Check = () => boolean;

/**
 * Every call the fake answered, plus a change signal: `waitFor` re-checks its predicate after each
 * recorded call or state change instead of polling on a timer.
 */
export class CallLog {
  readonly calls: RecordedCall[] = [];
  readonly #waiters = new Set<Check>();
  readonly #listeners = new Set<() => void>();

  record(call: RecordedCall): void {
    this.calls.push(call);
    this.changed();
  }

  /** Wakes waiters; called after anything observable changes (messages, views, acks, sockets). */
  changed(): void {
    for (const check of [...this.#waiters]) {
      if (check()) this.#waiters.delete(check);
    }
    for (const listener of [...this.#listeners]) listener();
  }

  /** Calls `listener` after every change (the playground pushes its page from here); returns an unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const first = safely(predicate);
      if (first.error !== undefined) {
        reject(first.error);
        return;
      }
      if (first.value) {
        resolve(first.value);
        return;
      }
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        const recent = this.calls
          .slice(-5)
          .map((c) => `${c.method}:${c.ok ? 'ok' : c.error}`)
          .join(', ');
        reject(
          new Error(`fake Slack: ${what} did not happen within ${timeoutMs} ms (last calls: ${recent})`),
        );
      }, timeoutMs);
      const check: Check = () => {
        const result = safely(predicate);
        if (result.error !== undefined) {
          clearTimeout(timer);
          reject(result.error);
          return true;
        }
        if (!result.value) return false;
        clearTimeout(timer);
        resolve(result.value);
        return true;
      };
      this.#waiters.add(check);
    });
  }
}

function safely<T>(predicate: () => T): { value?: T; error?: unknown } {
  try {
    return { value: predicate() };
  } catch (error) {
    return { error };
  }
}
