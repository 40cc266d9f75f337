import { fail, type Route, type RouteContext, withVps } from './context.js';
import { computeGates } from './gates.js';
import { jsonResponse, type SimFieldError, type SimResponse } from './problem.js';
import type { SimVps } from './types.js';

/** The pattern HostUp documents for hostnames (labels 1–63, no leading/trailing hyphen). */
export const hostnamePattern =
  /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const maxLength = 253;

function hostnameBody(
  ctx: RouteContext,
  vps: SimVps,
  change: { normalized: boolean; reverseDns: unknown } | null,
): Record<string, unknown> {
  const gate = computeGates(vps, ctx.state.jobs.isBusy(vps.id)).canChange;
  const inactive = vps.serviceStatus !== 'active';
  return {
    hostname: vps.hostname,
    reloadRecommended: change !== null,
    accountInactive: inactive,
    accountStatus: inactive ? vps.serviceStatus : 'active',
    cacheCleared: change !== null,
    hostnameNormalized: change?.normalized ?? false,
    serviceRecordSynced: true,
    actions: { canChange: { allowed: gate.allowed, reason: gate.reason } },
    validationRules: {
      maxLengthChars: maxLength,
      pattern: hostnamePattern.source,
      patternDescription: 'Letters, digits and hyphens in dot-separated labels of 1-63 characters',
    },
    reverseDnsProtection: change?.reverseDns ?? null,
    updatedAt: vps.hostnameUpdatedAt,
  };
}

function validate(ctx: RouteContext): SimFieldError[] | string {
  if (ctx.bodyInvalid) return [{ pointer: '', detail: 'Body is not valid JSON', code: 'invalid_json' }];
  const body = ctx.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ pointer: '', detail: 'Body must be {"hostname": "…"}', code: 'invalid_type' }];
  }
  // The body must be exactly {hostname}: anything else is refused, not ignored.
  const errors: SimFieldError[] = Object.keys(body)
    .filter((k) => k !== 'hostname')
    .map((k) => ({ pointer: `/${k}`, detail: 'Unexpected field', code: 'unexpected_field' }));
  const { hostname } = body as { hostname?: unknown };
  if (typeof hostname !== 'string' || hostname === '') {
    errors.push({ pointer: '/hostname', detail: 'hostname is required', code: 'required' });
  } else if (hostname.length > maxLength || !hostnamePattern.test(hostname)) {
    errors.push({
      pointer: '/hostname',
      detail: `Must be a valid FQDN of at most ${maxLength} characters`,
      code: 'invalid_hostname',
    });
  }
  return errors.length > 0 ? errors : (hostname as string);
}

function reverseDns(vps: SimVps): unknown {
  if (!vps.primaryIp) return null;
  const failed = vps.name.includes('rdns-fail');
  return {
    status: failed ? 'partial_failure' : 'restored',
    monitoredIpCount: 1,
    changesDetected: true,
    restoredIps: failed ? [] : [vps.primaryIp],
    failedIps: failed ? [vps.primaryIp] : [],
    detail: failed
      ? `Reverse DNS for ${vps.primaryIp} could not be restored`
      : `Reverse DNS for ${vps.primaryIp} was restored`,
  };
}

function setHostname(ctx: RouteContext, vps: SimVps): SimResponse {
  const checked = validate(ctx);
  if (typeof checked !== 'string') {
    return fail(ctx, 400, 'invalid_request', 'The hostname is not valid', checked);
  }
  const gate = computeGates(vps, ctx.state.jobs.isBusy(vps.id)).canChange;
  if (!gate.allowed) return fail(ctx, 409, 'vps_not_ready', gate.reason ?? 'The VPS is not ready');
  const normalized = checked.toLowerCase();
  vps.hostname = normalized;
  vps.hostnameUpdatedAt = new Date().toISOString();
  return jsonResponse(
    200,
    hostnameBody(ctx, vps, { normalized: normalized !== checked, reverseDns: reverseDns(vps) }),
  );
}

export const hostnameRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/api\/v2\/vps\/([^/]+)\/hostname$/,
    handle: (ctx) => withVps(ctx, (vps) => jsonResponse(200, hostnameBody(ctx, vps, null))),
  },
  {
    method: 'PUT',
    pattern: /^\/api\/v2\/vps\/([^/]+)\/hostname$/,
    handle: (ctx) => withVps(ctx, (vps) => setHostname(ctx, vps)),
  },
];
