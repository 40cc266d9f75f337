import type { GateName } from '../../domain/vps.js';
import { fail, param, type Route, type RouteContext, withVps } from './context.js';
import { computeGates } from './gates.js';
import { queuedOperationBody } from './job-envelopes.js';
import { jsonResponse, type SimResponse } from './problem.js';
import type { SimJobAction, SimVps } from './types.js';

const gateFor: Record<string, GateName> = {
  start: 'canStart',
  shutdown: 'canShutdown',
  stop: 'canStop',
  restart: 'canRestart',
  reset: 'canReset',
};

/** Only restart takes a body: `{"force": true}` escalates a graceful reboot the guest ignored. */
function restartBodyError(ctx: RouteContext): SimResponse | null {
  if (ctx.bodyInvalid) {
    return fail(ctx, 400, 'invalid_request', 'Body is not valid JSON', [
      { pointer: '', detail: 'Body is not valid JSON', code: 'invalid_json' },
    ]);
  }
  if (ctx.body === null) return null;
  const body = ctx.body as Record<string, unknown>;
  if (
    typeof ctx.body !== 'object' ||
    Array.isArray(ctx.body) ||
    !['undefined', 'boolean'].includes(typeof body.force)
  ) {
    return fail(ctx, 400, 'invalid_request', 'force must be a boolean', [
      { pointer: '/force', detail: 'Must be a boolean', code: 'invalid_type' },
    ]);
  }
  return null;
}

function powerAction(ctx: RouteContext, vps: SimVps): SimResponse {
  const action = param(ctx, 1);
  const gateName = gateFor[action];
  if (!gateName) return fail(ctx, 404, 'not_found', `Unknown action ${action}`);
  if (action === 'restart') {
    const error = restartBodyError(ctx);
    if (error) return error;
  }
  const gate = computeGates(vps, ctx.state.jobs.isBusy(vps.id))[gateName];
  if (!gate.allowed) return fail(ctx, 409, 'vps_not_ready', gate.reason ?? 'The VPS is not ready');
  const job = ctx.state.jobs.create(vps, action as SimJobAction);
  return jsonResponse(202, queuedOperationBody(job));
}

export const powerRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/api\/v2\/vps\/([^/]+)\/actions\/([^/]+)$/,
    handle: (ctx) => withVps(ctx, (vps) => powerAction(ctx, vps)),
  },
];
