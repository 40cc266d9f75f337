import type { ServerResponse } from 'node:http';
import { defaultCodeFor, legacyErrorResponse, problemResponse, type SimResponse } from './problem.js';
import type { TimerSet } from './timers.js';
import type { SimFault } from './types.js';

/** Writes a whole response, unless the client is gone or something was already sent. */
export function writeResponse(res: ServerResponse, r: SimResponse, requestId: string): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(r.status, {
    ...r.headers,
    'X-Request-Id': requestId,
    'Content-Length': String(Buffer.byteLength(r.body)),
  });
  res.end(r.body);
}

export interface FaultTarget {
  res: ServerResponse;
  requestId: string;
  instance: string;
  timers: TimerSet;
  rateLimitCeiling: number;
  /** Performs the request (acting routes act) and builds the normal answer. */
  act(): SimResponse;
}

/**
 * Applies one fault. `latency`, `drop` 'after' and `stall` 'body' perform the request first, so a
 * client sees a timeout or a cut connection for something that did happen; the others never act.
 */
export function deliverWithFault(fault: SimFault, t: FaultTarget): void {
  const { res, requestId } = t;
  switch (fault.kind) {
    case 'latency': {
      const answer = t.act();
      t.timers.after(fault.ms, () => writeResponse(res, answer, requestId));
      return;
    }
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
    case 'drop':
      if (fault.when === 'after') t.act();
      res.socket?.destroy();
      return;
    case 'malformed':
      writeResponse(
        res,
        {
          status: fault.status ?? 200,
          headers: { 'Content-Type': fault.contentType ?? 'application/json' },
          body: fault.body,
        },
        requestId,
      );
      return;
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
