import type { ServerResponse } from 'node:http';
import { type SimResponse, writeResponse } from './sim-response.js';

/** What every simulator fault has: which requests it hits, and how many times. */
export interface MatchableFault {
  match?: { method?: string; path?: string | RegExp };
  times?: number;
}

function matches(fault: MatchableFault, method: string, path: string): boolean {
  const m = fault.match;
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (m.path === undefined) return true;
  return typeof m.path === 'string' ? path.includes(m.path) : m.path.test(path);
}

/** Faults waiting for their next matching requests; the first match is used, one per request. */
export class FaultQueue<F extends MatchableFault> {
  #queue: { fault: F; remaining: number }[] = [];

  add(fault: F): void {
    const times = fault.times ?? 1;
    if (!(times > 0)) throw new Error('A fault needs times > 0');
    this.#queue.push({ fault, remaining: times });
  }

  clear(): void {
    this.#queue = [];
  }

  get pending(): readonly F[] {
    return this.#queue.map((q) => q.fault);
  }

  /** The pending faults as JSON can show them (a RegExp path becomes its source text). */
  pendingAsJson(): unknown[] {
    return this.pending.map((f) => ({
      ...f,
      ...(f.match?.path instanceof RegExp && { match: { ...f.match, path: String(f.match.path) } }),
    }));
  }

  take(method: string, path: string): F | undefined {
    const entry = this.#queue.find((q) => matches(q.fault, method, path));
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#queue = this.#queue.filter((q) => q !== entry);
    return entry.fault;
  }
}

/** The fault kinds both API simulators deliver the same way, whatever their error bodies look like. */
export type TransportFault =
  | { kind: 'latency'; ms: number }
  | { kind: 'drop'; when: 'before' | 'after' }
  | { kind: 'malformed'; body: string; contentType?: string; status?: number };

export interface FaultTarget {
  res: ServerResponse;
  requestId: string;
  timers: { after(ms: number, fn: () => void): void };
  /** Performs the request (acting routes act) and builds the normal answer. */
  act(): SimResponse;
}

/**
 * `latency` and `drop` 'after' perform the request first, so a client sees a late answer or a cut
 * connection for something that did happen; `drop` 'before' and `malformed` never act.
 */
export function deliverTransportFault(
  fault: TransportFault,
  t: FaultTarget,
  malformedContentType: string,
): void {
  const { res, requestId } = t;
  switch (fault.kind) {
    case 'latency': {
      const answer = t.act();
      t.timers.after(fault.ms, () => writeResponse(res, answer, requestId));
      return;
    }
    case 'drop':
      if (fault.when === 'after') t.act();
      res.socket?.destroy();
      return;
    case 'malformed':
      writeResponse(
        res,
        {
          status: fault.status ?? 200,
          headers: { 'Content-Type': fault.contentType ?? malformedContentType },
          body: fault.body,
        },
        requestId,
      );
      return;
  }
}

/** Answers an API request, through the first fault that matches it if there is one. */
export function answerThroughFaults<F extends MatchableFault>(
  faults: FaultQueue<F>,
  call: { method: string; path: string; res: ServerResponse; requestId: string },
  act: () => SimResponse,
  deliver: (fault: F) => void,
): void {
  const fault = faults.take(call.method, call.path);
  if (fault) deliver(fault);
  else writeResponse(call.res, act(), call.requestId);
}
