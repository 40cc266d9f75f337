import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The correlation id of the work in progress. A command or a click starts one; everything it
 * causes (API calls, store writes, log lines) runs inside it, so the logger stamps every line
 * with it without passing it through every function. The tracker resumes an operation's id when
 * it polls it, so its thread updates carry the id of the command that started it.
 */
const storage = new AsyncLocalStorage<string>();

export function withCorrelation<T>(correlationId: string, work: () => T): T {
  return storage.run(correlationId, work);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}
