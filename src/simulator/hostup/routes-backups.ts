import { fail, type Route, type RouteContext, withVps } from './context.js';
import { computeGates } from './gates.js';
import { queuedOperationBody } from './job-envelopes.js';
import { jsonResponse, type SimFieldError, type SimResponse } from './problem.js';
import type { SimBackup, SimVps } from './types.js';

function backupItem(b: SimBackup, i: number): Record<string, unknown> {
  return { id: b.id, displayId: `#${i + 1}`, createdAt: b.createdAt ?? null, sizeGb: b.sizeGb ?? null };
}

function listBackups(ctx: RouteContext, vps: SimVps): SimResponse {
  const gates = computeGates(vps, ctx.state.jobs.isBusy(vps.id));
  return jsonResponse(200, {
    backups: vps.backups.map((b, i) => ({ ...backupItem(b, i), backupType: 'automatic', note: null })),
    quotaInfo: { used: vps.backups.length, limit: 7, usedGb: vps.backups.reduce((n, b) => n + b.sizeGb, 0) },
    actions: { canRestore: gates.canRestore },
  });
}

/** Every other VPS of the account that has backups, then backups of VPSes that are gone. */
function restoreSources(ctx: RouteContext, vps: SimVps): SimResponse {
  const servers = ctx.state.inventory.vpses
    .filter((v) => v.id !== vps.id && v.backups.length > 0)
    .map((v) => ({
      id: v.id,
      name: v.name,
      serviceStatus: v.serviceStatus,
      sourceType: 'server',
      backups: v.backups.map(backupItem),
    }));
  const retained = ctx.state.inventory.retained.map((r) => ({
    id: r.id,
    name: r.name,
    serviceStatus: 'terminated',
    sourceType: 'retained',
    backups: r.backups.map(backupItem),
  }));
  return jsonResponse(200, { sources: [...servers, ...retained] });
}

function fieldErrors(body: unknown): SimFieldError[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ pointer: '', detail: 'Body must be a JSON object', code: 'invalid_type' }];
  }
  const errors: SimFieldError[] = [];
  const fields = body as Record<string, unknown>;
  for (const [key, prefix] of [
    ['sourceVpsId', 'vps_'],
    ['backupId', 'bkp_'],
  ] as const) {
    const value = fields[key];
    if (value === undefined || value === null || value === '') {
      errors.push({ pointer: `/${key}`, detail: `${key} is required`, code: 'required' });
    } else if (typeof value !== 'string' || !value.startsWith(prefix)) {
      errors.push({
        pointer: `/${key}`,
        detail: `${key} must be an id starting with ${prefix}`,
        code: 'invalid_format',
      });
    }
  }
  return errors;
}

/** DESTRUCTIVE on the real API: the target is stopped and its disk replaced by the source's backup. */
function restoreFromVps(ctx: RouteContext, vps: SimVps): SimResponse {
  const errors = ctx.bodyInvalid
    ? [{ pointer: '', detail: 'Body is not valid JSON', code: 'invalid_json' }]
    : fieldErrors(ctx.body);
  if (errors.length > 0) return fail(ctx, 400, 'invalid_request', 'The request body is not valid', errors);
  const { sourceVpsId, backupId } = ctx.body as { sourceVpsId: string; backupId: string };
  if (sourceVpsId === vps.id) {
    return fail(ctx, 400, 'invalid_request', 'The source VPS must differ from the target', [
      { pointer: '/sourceVpsId', detail: 'Must not be the target VPS', code: 'same_vps' },
    ]);
  }
  const source =
    ctx.state.inventory.get(sourceVpsId) ?? ctx.state.inventory.retained.find((r) => r.id === sourceVpsId);
  if (!source) return fail(ctx, 404, 'vps_not_found', `No source VPS with id ${sourceVpsId} on this account`);
  if (!source.backups.some((b) => b.id === backupId)) {
    return fail(ctx, 404, 'backup_not_found', `No backup ${backupId} for ${sourceVpsId}`);
  }
  const gate = computeGates(vps, ctx.state.jobs.isBusy(vps.id)).canRestoreFromAnotherVps;
  if (!gate.allowed) return fail(ctx, 409, 'vps_not_ready', gate.reason ?? 'The VPS is not ready');
  const job = ctx.state.jobs.create(vps, 'restore_from_vps', { result: { sourceVpsId, backupId } });
  return jsonResponse(202, queuedOperationBody(job));
}

export const backupRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/api\/v2\/vps\/([^/]+)\/backups$/,
    handle: (ctx) => withVps(ctx, (vps) => listBackups(ctx, vps)),
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/vps\/([^/]+)\/backups\/restore-sources$/,
    handle: (ctx) => withVps(ctx, (vps) => restoreSources(ctx, vps)),
  },
  {
    method: 'POST',
    pattern: /^\/api\/v2\/vps\/([^/]+)\/backups\/actions\/restore-from-vps$/,
    handle: (ctx) => withVps(ctx, (vps) => restoreFromVps(ctx, vps)),
  },
];
