import { describe, expect, it } from 'vitest';
import { ProviderError, RateLimitedError, TransportError } from '../../../src/errors.js';
import { toGate, toGates } from '../../../src/providers/hostup/gates.js';
import { problemToError } from '../../../src/providers/hostup/problem.js';
import { parseRetryAfter, readRateLimit } from '../../../src/providers/hostup/rate-limit.js';
import { toTransportError } from '../../../src/providers/hostup/transport-errors.js';

describe('gates', () => {
  it('accepts a bare boolean gate', () => {
    expect(toGate(false)).toEqual({ allowed: false, reason: null, code: null });
  });

  it('accepts an object gate with its reason and code', () => {
    expect(toGate({ allowed: false, reason: 'Busy', code: 'vps_not_ready', extra: 1 })).toEqual({
      allowed: false,
      reason: 'Busy',
      code: 'vps_not_ready',
    });
  });

  it('skips gates it cannot read and names it does not know', () => {
    expect(toGates({ canStart: true, canRestart: 'yes', canFly: true, canReset: { reason: 'x' } })).toEqual({
      canStart: { allowed: true, reason: null, code: null },
    });
  });
});

describe('problemToError', () => {
  const base = { contentType: 'application/problem+json', headerRequestId: 'req_header' };

  it('maps Problem Details with field errors', () => {
    const err = problemToError({
      ...base,
      status: 400,
      text: JSON.stringify({
        type: 'https://developer.hostup.se/errors/invalid_request',
        status: 400,
        code: 'invalid_request',
        detail: 'Bad hostname',
        requestId: 'req_body',
        extraMember: true,
        errors: [{ pointer: '/hostname', detail: 'too long', code: 'invalid_hostname' }],
      }),
    });
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({
      status: 400,
      code: 'invalid_request',
      detail: 'Bad hostname',
      requestId: 'req_body',
    });
    expect(err.fieldErrors).toEqual([{ pointer: '/hostname', detail: 'too long', code: 'invalid_hostname' }]);
  });

  it('takes the code from the type URL when code is missing', () => {
    const err = problemToError({
      ...base,
      status: 404,
      text: JSON.stringify({
        type: 'https://developer.hostup.se/errors/vps_not_found',
        title: 'VPS not found',
      }),
    });
    expect(err).toMatchObject({ code: 'vps_not_found', detail: 'VPS not found', requestId: 'req_header' });
  });

  it('maps the legacy error body', () => {
    const err = problemToError({
      ...base,
      status: 400,
      text: JSON.stringify({
        error: 'Bad Request',
        message: 'Missing field',
        code: 'BAD_REQUEST',
        requestId: 'req_old',
      }),
    });
    expect(err).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
      detail: 'Missing field',
      requestId: 'req_old',
    });
  });

  it('maps a non-JSON body to invalid_response with an excerpt', () => {
    const err = problemToError({
      ...base,
      contentType: 'text/html',
      status: 502,
      text: '<html>Bad gateway</html>',
    });
    expect(err).toMatchObject({ status: 502, code: 'invalid_response' });
    expect(err.detail).toContain('<html>Bad gateway');
  });

  it('names an empty body by its status', () => {
    expect(problemToError({ ...base, status: 401, text: '' }).code).toBe('unauthorized');
  });

  it('makes a RateLimitedError when told how long to wait', () => {
    const err = problemToError({ ...base, status: 429, text: '', retryAfterMs: 3000 });
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(3000);
  });
});

describe('rate-limit headers', () => {
  const now = Date.parse('2026-04-27T12:00:00.000Z');

  it('reads the ISO reset time as epoch milliseconds', () => {
    expect(
      readRateLimit(
        {
          'x-ratelimit-limit': '60',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': '2026-04-27T12:01:00.000Z',
          'retry-after': '7',
        },
        429,
        now,
      ),
    ).toEqual({ limit: 60, remaining: 0, resetAt: now + 60_000, retryAfterMs: 7000 });
  });

  it('returns null for an ordinary answer without rate-limit headers', () => {
    expect(readRateLimit({ 'content-type': 'application/json' }, 200, now)).toBeNull();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('toTransportError', () => {
  it('branches on the code, not the message', () => {
    const err = toTransportError(
      Object.assign(new Error('whatever'), { code: 'UND_ERR_HEADERS_TIMEOUT' }),
      'GET /x',
    );
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ code: 'headers_timeout', mayHaveReachedServer: true });
  });

  it('finds a refused connection inside a happy-eyeballs AggregateError', () => {
    const inner = Object.assign(new Error('refused'), { code: 'ECONNREFUSED', syscall: 'connect' });
    const err = toTransportError(new AggregateError([inner]), 'GET /x');
    expect(err).toMatchObject({ code: 'connect_refused', mayHaveReachedServer: false });
  });

  it('assumes an unknown failure may have reached the server', () => {
    expect(toTransportError(new Error('mystery'), 'POST /x')).toMatchObject({
      code: 'network_error',
      mayHaveReachedServer: true,
    });
  });
});
