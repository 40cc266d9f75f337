import { deliverTransportFault, type FaultTarget } from '../shared/fault-queue.js';
import { writeResponse } from '../shared/sim-response.js';
import type { SimFault } from './types.js';
import { defaultErrorFor, wksError } from './wire.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Reads a fault sent as JSON to `/_sim/faults`; `times: "Infinity"` or -1 mean forever. */
export function parseFault(input: unknown): SimFault | string {
  if (!isObject(input)) return 'A fault must be an object';
  const times = input.times === 'Infinity' || input.times === -1 ? Number.POSITIVE_INFINITY : input.times;
  if (times !== undefined && !(typeof times === 'number' && times > 0)) return 'times must be > 0';
  const m = input.match;
  if (m !== undefined && (!isObject(m) || (m.method !== undefined && typeof m.method !== 'string'))) {
    return 'match must be {method?, path?}';
  }
  if (isObject(m) && m.path !== undefined && typeof m.path !== 'string') return 'match.path must be a string';
  const base = {
    ...(isObject(m) && {
      match: { method: m.method as string | undefined, path: m.path as string | undefined },
    }),
    ...(times !== undefined && { times: times as number }),
  };
  switch (input.kind) {
    case 'latency':
      return isNum(input.ms) && input.ms >= 0
        ? { ...base, kind: 'latency', ms: input.ms }
        : 'latency needs ms >= 0';
    case 'status':
      if (!isNum(input.status) || input.status < 400) return 'status needs a status >= 400';
      return {
        ...base,
        kind: 'status',
        status: input.status,
        ...(typeof input.code === 'string' && { code: input.code }),
        ...(typeof input.message === 'string' && { message: input.message }),
      };
    case 'drop':
      return input.when === 'before' || input.when === 'after'
        ? { ...base, kind: 'drop', when: input.when }
        : "drop needs when: 'before' | 'after'";
    case 'malformed':
      if (typeof input.body !== 'string') return 'malformed needs a body string';
      return {
        ...base,
        kind: 'malformed',
        body: input.body,
        ...(typeof input.contentType === 'string' && { contentType: input.contentType }),
        ...(isNum(input.status) && { status: input.status }),
      };
    case 'stall':
      return { ...base, kind: 'stall' };
    default:
      return 'Unknown fault kind';
  }
}

/**
 * Applies one fault. `latency` and `drop` 'after' perform the request first (a client sees a late
 * answer or a cut connection for something that did happen); the others never act.
 */
export function deliverFault(fault: SimFault, t: FaultTarget): void {
  switch (fault.kind) {
    case 'latency':
    case 'drop':
    case 'malformed':
      deliverTransportFault(fault, t, 'text/html');
      return;
    case 'status': {
      const known = defaultErrorFor(fault.status);
      writeResponse(
        t.res,
        wksError(fault.status, fault.code ?? known.code, fault.message ?? known.msg),
        t.requestId,
      );
      return;
    }
    case 'stall':
      return; // never answer; close() destroys the socket
  }
}
