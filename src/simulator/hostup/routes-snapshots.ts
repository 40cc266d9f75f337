import { fail, param, type Route, type RouteContext, withVps } from './context.js';
import { computeGates, snapshotCreateGate } from './gates.js';
import { queuedOperationBody } from './job-envelopes.js';
import { jsonResponse, type SimFieldError, type SimResponse } from './problem.js';
import type { SimVps } from './types.js';

const day = 86_400_000;

/** HostUp does not publish its rule; the simulator's keeps names usable as a path segment. */
const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const maxDescription = 255;

function listSnapshots(ctx: RouteContext, vps: SimVps): SimResponse {
  const busy = ctx.state.jobs.isBusy(vps.id);
  const gates = computeGates(vps, busy);
  return jsonResponse(200, {
    data: vps.snapshots.map((s, i) => ({
      displayId: `snap-${i + 1}`,
      name: s.name,
      description: s.description,
      createdAt: s.createdAt,
      expiresAt: s.expiresAt,
      includesMemoryState: false,
      parentName: vps.snapshots[i - 1]?.name ?? null,
    })),
    available: Math.max(0, vps.snapshotLimit - vps.snapshots.length),
    limits: { totalSnapshots: vps.snapshotLimit },
    actions: { canCreate: snapshotCreateGate(vps, busy), canRestore: gates.canRestore },
  });
}

/** The body must be `{name, description?}`: anything else is refused, not ignored. */
function createErrors(ctx: RouteContext): SimFieldError[] | { name: string; description: string } {
  if (ctx.bodyInvalid) return [{ pointer: '', detail: 'Body is not valid JSON', code: 'invalid_json' }];
  const body = ctx.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ pointer: '', detail: 'Body must be {"name": "…", "description"?: "…"}', code: 'invalid_type' }];
  }
  const errors: SimFieldError[] = Object.keys(body)
    .filter((k) => k !== 'name' && k !== 'description')
    .map((k) => ({ pointer: `/${k}`, detail: 'Unexpected field', code: 'unexpected_field' }));
  const { name, description } = body as { name?: unknown; description?: unknown };
  if (typeof name !== 'string' || name === '') {
    errors.push({ pointer: '/name', detail: 'name is required', code: 'required' });
  } else if (!namePattern.test(name)) {
    errors.push({
      pointer: '/name',
      detail: 'Must be 1-63 letters, digits, dots, hyphens or underscores, starting with a letter or digit',
      code: 'invalid_snapshot_name',
    });
  }
  if (description != null && (typeof description !== 'string' || description.length > maxDescription)) {
    errors.push({
      pointer: '/description',
      detail: `Must be text of at most ${maxDescription} characters`,
      code: 'invalid_description',
    });
  }
  if (errors.length > 0) return errors;
  return { name: name as string, description: typeof description === 'string' ? description : '' };
}

/** Queues a snapshot job; the snapshot joins the list (for about 24 h) when the job completes. */
function createSnapshot(ctx: RouteContext, vps: SimVps): SimResponse {
  const checked = createErrors(ctx);
  if (Array.isArray(checked))
    return fail(ctx, 400, 'invalid_request', 'The request body is not valid', checked);
  const { name, description } = checked;
  if (vps.snapshots.some((s) => s.name === name)) {
    return fail(ctx, 409, 'snapshot_exists', `A snapshot named ${name} already exists on ${vps.id}`);
  }
  const gate = snapshotCreateGate(vps, ctx.state.jobs.isBusy(vps.id));
  if (!gate.allowed) {
    const code = gate.code === 'snapshot_limit_reached' ? gate.code : 'vps_not_ready';
    return fail(ctx, 409, code, gate.reason ?? 'The VPS is not ready');
  }
  const job = ctx.state.jobs.create(vps, 'snapshot_create', {
    onComplete: (target) => {
      const now = Date.now();
      const snapshot = {
        name,
        description,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + day).toISOString(),
      };
      target.snapshots.push(snapshot);
      return { snapshotName: name, expiresAt: snapshot.expiresAt };
    },
  });
  return jsonResponse(202, queuedOperationBody(job));
}

/** DESTRUCTIVE on the real API: the disk goes back to the snapshot. */
function restoreSnapshot(ctx: RouteContext, vps: SimVps): SimResponse {
  const name = param(ctx, 1);
  if (!vps.snapshots.some((s) => s.name === name)) {
    return fail(ctx, 404, 'snapshot_not_found', `No snapshot named ${name} on ${vps.id}`);
  }
  const gate = computeGates(vps, ctx.state.jobs.isBusy(vps.id)).canRestore;
  if (!gate.allowed) return fail(ctx, 409, 'vps_not_ready', gate.reason ?? 'The VPS is not ready');
  // The docs show a snapshot restore answering with `result: {snapshotName}` straight away.
  const result = { snapshotName: name };
  const job = ctx.state.jobs.create(vps, 'snapshot_restore', { result });
  return jsonResponse(202, queuedOperationBody(job, result));
}

export const snapshotRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/api\/v2\/vps\/([^/]+)\/snapshots$/,
    handle: (ctx) => withVps(ctx, (vps) => listSnapshots(ctx, vps)),
  },
  {
    method: 'POST',
    pattern: /^\/api\/v2\/vps\/([^/]+)\/snapshots$/,
    handle: (ctx) => withVps(ctx, (vps) => createSnapshot(ctx, vps)),
  },
  {
    method: 'POST',
    pattern: /^\/api\/v2\/vps\/([^/]+)\/snapshots\/([^/]+)\/actions\/restore$/,
    handle: (ctx) => withVps(ctx, (vps) => restoreSnapshot(ctx, vps)),
  },
];
