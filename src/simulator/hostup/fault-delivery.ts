import { deliverTransportFault, type FaultTarget } from '../shared/fault-queue.js';
import { type SimResponse, writeResponse } from '../shared/sim-response.js';
import { defaultCodeFor, legacyErrorResponse, problemResponse } from './problem.js';
import type { SimFault } from './types.js';

export interface HostUpFaultTarget extends FaultTarget {
  /** The problem body's `instance` (the request path). */
  instance: string;
  rateLimitCeiling: number;
  /** Keeps `answer` back until released, or for `ms`. */
  hold(answer: SimResponse, ms: number | undefined): void;
}

/**
 * Applies one fault. `latency`, `drop` 'after', `stall` 'body', `hold`, and `status`/`malformed`
 * with `afterActing` perform the request first, so a client sees a timeout, a cut connection, an
 * error or an unreadable body for something that did happen; the others never act.
 */
export function deliverWithFault(fault: SimFault, t: HostUpFaultTarget): void {
  const { res, requestId } = t;
  switch (fault.kind) {
    case 'latency':
    case 'drop':
      deliverTransportFault(fault, t, 'application/json');
      return;
    case 'malformed': {
      if (!fault.afterActing) {
        deliverTransportFault(fault, t, 'application/json');
        return;
      }
      const answer = t.act();
      const headers = { 'Content-Type': fault.contentType ?? 'application/json' };
      writeResponse(res, { status: fault.status ?? answer.status, headers, body: fault.body }, requestId);
      return;
    }
    case 'hold':
      t.hold(t.act(), fault.ms);
      return;
    case 'status': {
      if (fault.afterActing) t.act();
      const code = fault.code ?? defaultCodeFor(fault.status);
      const detail = fault.detail ?? `Simulated ${fault.status} (${code})`;
      writeResponse(
        res,
        problemResponse({ status: fault.status, code, detail, instance: t.instance, requestId }),
        requestId,
      );
      return;
    }
    case 'rateLimit': {
      const headers = {
        'Retry-After': String(fault.retryAfterSec),
        'X-RateLimit-Limit': String(t.rateLimitCeiling),
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': new Date(Date.now() + fault.retryAfterSec * 1000).toISOString(),
      };
      const detail = `Too many requests; retry after ${fault.retryAfterSec} s`;
      writeResponse(
        res,
        problemResponse({
          status: 429,
          code: 'rate_limited',
          detail,
          instance: t.instance,
          requestId,
          headers,
        }),
        requestId,
      );
      return;
    }
    case 'legacyError':
      writeResponse(res, legacyErrorResponse(fault.status, requestId), requestId);
      return;
    case 'stall': {
      if (fault.when === 'headers') return; // never answer; close() destroys the socket
      const answer = t.act();
      const bytes = Buffer.from(answer.body);
      res.writeHead(answer.status, {
        ...answer.headers,
        'X-Request-Id': requestId,
        'Content-Length': String(bytes.length),
      });
      res.write(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))));
      return;
    }
  }
}
