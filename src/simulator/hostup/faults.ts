import type { SimFault } from './types.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Reads a fault sent as JSON to `/_sim/faults`. JSON has no Infinity, so `times` may also be
 * `"Infinity"` or null; `match.path` can only be a substring here.
 */
export function parseFault(input: unknown): SimFault | string {
  if (!isObject(input)) return 'Body must be a JSON object';
  const { kind } = input;
  const base: { match?: { method?: string; path?: string }; times?: number } = {};
  if (input.times === 'Infinity' || input.times === null) base.times = Number.POSITIVE_INFINITY;
  else if (input.times !== undefined) {
    if (!isNum(input.times) || input.times < 1) return 'times must be a number >= 1';
    base.times = input.times;
  }
  if (input.match !== undefined) {
    if (!isObject(input.match)) return 'match must be an object';
    const { method, path } = input.match;
    if (method !== undefined && typeof method !== 'string') return 'match.method must be a string';
    if (path !== undefined && typeof path !== 'string') return 'match.path must be a string';
    base.match = { ...(method !== undefined && { method }), ...(path !== undefined && { path }) };
  }
  if (input.afterActing !== undefined && typeof input.afterActing !== 'boolean') {
    return 'afterActing must be a boolean';
  }
  const afterActing = input.afterActing === true ? { afterActing: true } : {};
  switch (kind) {
    case 'latency':
      return isNum(input.ms) ? { ...base, kind, ms: input.ms } : 'latency needs ms';
    case 'status': {
      if (!isNum(input.status)) return 'status needs status';
      const code = typeof input.code === 'string' ? input.code : undefined;
      const detail = typeof input.detail === 'string' ? input.detail : undefined;
      return {
        ...base,
        kind,
        status: input.status,
        ...(code && { code }),
        ...(detail && { detail }),
        ...afterActing,
      };
    }
    case 'rateLimit':
      return isNum(input.retryAfterSec)
        ? { ...base, kind, retryAfterSec: input.retryAfterSec }
        : 'rateLimit needs retryAfterSec';
    case 'drop':
      return input.when === 'before' || input.when === 'after'
        ? { ...base, kind, when: input.when }
        : "drop needs when: 'before' | 'after'";
    case 'malformed': {
      if (typeof input.body !== 'string') return 'malformed needs body';
      const contentType = typeof input.contentType === 'string' ? input.contentType : undefined;
      const status = isNum(input.status) ? input.status : undefined;
      return {
        ...base,
        kind,
        body: input.body,
        ...(contentType && { contentType }),
        ...(status && { status }),
        ...afterActing,
      };
    }
    case 'legacyError':
      return isNum(input.status) ? { ...base, kind, status: input.status } : 'legacyError needs status';
    case 'stall':
      return input.when === 'headers' || input.when === 'body'
        ? { ...base, kind, when: input.when }
        : "stall needs when: 'headers' | 'body'";
    case 'hold':
      if (input.ms === undefined) return { ...base, kind };
      return isNum(input.ms) && input.ms >= 0
        ? { ...base, kind, ms: input.ms }
        : 'hold needs ms >= 0 or none';
    default:
      return 'Unknown fault kind';
  }
}
