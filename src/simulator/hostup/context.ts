import type { Inventory } from './inventory.js';
import type { JobEngine } from './jobs.js';
import { problemResponse, type SimFieldError, type SimResponse } from './problem.js';
import type { SimEnvelope, SimVps } from './types.js';

/** Everything the API routes read and change. */
export interface SimState {
  readonly inventory: Inventory;
  readonly jobs: JobEngine;
  readonly pageSizeDefault: number;
  envelope: SimEnvelope;
}

export interface RouteContext {
  readonly state: SimState;
  readonly method: string;
  /** Path with query, as the request line had it. */
  readonly path: string;
  readonly url: URL;
  /** Decoded capture groups of the route pattern. */
  readonly params: readonly string[];
  /** Parsed JSON, or null when empty or not JSON (then `bodyInvalid`). */
  readonly body: unknown;
  readonly bodyInvalid: boolean;
  readonly requestId: string;
}

export interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  handle(ctx: RouteContext): SimResponse;
}

export function fail(
  ctx: RouteContext,
  status: number,
  code: string,
  detail: string,
  errors?: SimFieldError[],
): SimResponse {
  return problemResponse({
    status,
    code,
    detail,
    instance: ctx.url.pathname,
    requestId: ctx.requestId,
    ...(errors && { errors }),
  });
}

export function param(ctx: RouteContext, index: number): string {
  return ctx.params[index] ?? '';
}

/** Runs `fn` with the VPS named by the first path parameter, or answers 404 vps_not_found. */
export function withVps(ctx: RouteContext, fn: (vps: SimVps) => SimResponse): SimResponse {
  const id = param(ctx, 0);
  const vps = ctx.state.inventory.get(id);
  if (!vps) return fail(ctx, 404, 'vps_not_found', `No VPS with id ${id} on this account`);
  return fn(vps);
}
