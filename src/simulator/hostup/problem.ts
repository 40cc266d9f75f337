import { randomBytes } from 'node:crypto';
import { jsonResponse, type SimResponse } from '../shared/sim-response.js';

export type { SimResponse } from '../shared/sim-response.js';
export { jsonResponse };

export interface SimFieldError {
  pointer: string;
  detail: string;
  code: string;
}

const titles: Record<string, string> = {
  invalid_request: 'Invalid request',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  vps_not_found: 'VPS not found',
  job_not_found: 'Job not found',
  snapshot_not_found: 'Snapshot not found',
  backup_not_found: 'Backup not found',
  vps_not_ready: 'VPS not ready',
  upstream_failed: 'Upstream failed',
  rate_limited: 'Too many requests',
  rate_limit_exceeded: 'Rate limit exceeded',
  internal_error: 'Internal error',
  external_provider_failed: 'External provider failed',
};

/** The code HostUp uses for a status when a fault names only the status. */
export function defaultCodeFor(status: number): string {
  const byStatus: Record<number, string> = {
    400: 'invalid_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    409: 'vps_not_ready',
    429: 'rate_limited',
    502: 'external_provider_failed',
  };
  return byStatus[status] ?? 'internal_error';
}

export function newRequestId(): string {
  return `req_${randomBytes(8).toString('hex')}`;
}

export interface ProblemArgs {
  status: number;
  code: string;
  detail: string;
  instance: string;
  requestId: string;
  errors?: SimFieldError[];
  headers?: Record<string, string>;
}

/** RFC 7807 body as HostUp sends it (`errors[]` only with invalid_request). */
export function problemResponse(args: ProblemArgs): SimResponse {
  const body: Record<string, unknown> = {
    type: `https://developer.hostup.se/errors/${args.code}`,
    title: titles[args.code] ?? 'Error',
    status: args.status,
    detail: args.detail,
    code: args.code,
    instance: args.instance,
    requestId: args.requestId,
    timestamp: new Date().toISOString(),
  };
  if (args.errors) body.errors = args.errors;
  return {
    status: args.status,
    headers: { 'Content-Type': 'application/problem+json', ...args.headers },
    body: JSON.stringify(body),
  };
}

/** The shape older HostUp routes use for errors; clients must not crash on it. */
export function legacyErrorResponse(status: number, requestId: string): SimResponse {
  return jsonResponse(status, {
    error: 'Bad Request',
    message: 'The request could not be processed',
    code: 'BAD_REQUEST',
    timestamp: new Date().toISOString(),
    requestId,
  });
}
