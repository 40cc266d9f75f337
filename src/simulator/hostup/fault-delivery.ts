import { deliverTransportFault, type FaultTarget } from '../shared/fault-queue.js';
import { writeResponse } from '../shared/sim-response.js';
import { defaultCodeFor, legacyErrorResponse, problemResponse } from './problem.js';
import type { SimFault } from './types.js';

export interface HostUpFaultTarget extends FaultTarget {
  /** The problem body's `instance` (the request path). */
  instance: string;
  rateLimitCeiling: number;
}

/**
 * Applies one fault. `latency`, `drop` 'after' and `stall` 'body' perform the request first, so a
 * client sees a timeout or a cut connection for something that did happen; the others never act.
 */
export function deliverWithFault(fault: SimFault, t: HostUpFaultTarget): void {
  const { res, requestId } = t;
  switch (fault.kind) {
    case 'latency':
    case 'drop':
    case 'malformed':
      deliverTransportFault(fault, t, 'application/json');
      return;
    case 'status': {
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
