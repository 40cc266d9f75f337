import type { ServerResponse } from 'node:http';
import { sendJson } from './request-body.js';
import type { Fault } from './types.js';

/** Faults queued per method with `failNext`, each used by one request, first in first out. */
export class FaultQueue {
  readonly #queues = new Map<string, Fault[]>();

  add(method: string, fault: Fault, times: number): void {
    const queue = this.#queues.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.#queues.set(method, queue);
  }

  take(method: string): Fault | undefined {
    return this.#queues.get(method)?.shift();
  }
}

/** Answers like Slack does for the fault; returns the status and error recorded for the call. */
export function answerWithFault(res: ServerResponse, fault: Fault): { status: number; error: string } {
  if ('error' in fault) {
    sendJson(res, 200, { ok: false, error: fault.error });
    return { status: 200, error: fault.error };
  }
  if (fault.status === 429) return sendRateLimited(res, fault.retryAfterSec);
  sendJson(res, 500, { ok: false, error: 'internal_error' });
  return { status: 500, error: 'internal_error' };
}

/** Slack's 429: `Retry-After` in whole seconds (what @slack/web-api reads) and `ratelimited`. */
export function sendRateLimited(res: ServerResponse, retryAfterSec: number): { status: 429; error: string } {
  sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfterSec) });
  return { status: 429, error: 'ratelimited' };
}
