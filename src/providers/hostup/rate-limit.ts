import type { RateLimitInfo } from '../../domain/vps-api.js';

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | null {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first.trim() === '' ? null : first.trim();
}

function toInt(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  return Number(value);
}

/**
 * `X-RateLimit-Reset` is an ISO time at HostUp (not epoch seconds, unlike many APIs). A bare
 * number is accepted too: epoch seconds when large, else seconds from now.
 */
function parseReset(value: string | null, now: number): number | null {
  if (value === null) return null;
  if (/^\d+(\.\d+)?$/.test(value)) {
    const n = Number(value);
    return n > 1e9 ? Math.round(n * 1000) : now + Math.round(n * 1000);
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : at;
}

/** `Retry-After` in seconds (documented) or as an HTTP date (RFC 9110 allows both). */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * The rate-limit figures on one answer, or null when it carries none (and is not a 429).
 */
export function readRateLimit(headers: Headers, status: number, now: number): RateLimitInfo | null {
  const limit = toInt(header(headers, 'x-ratelimit-limit'));
  const remaining = toInt(header(headers, 'x-ratelimit-remaining'));
  const resetAt = parseReset(header(headers, 'x-ratelimit-reset'), now);
  const retryAfterMs = status === 429 ? parseRetryAfter(header(headers, 'retry-after'), now) : null;
  if (status !== 429 && limit === null && remaining === null && resetAt === null) return null;
  return { limit, remaining, resetAt, retryAfterMs };
}
