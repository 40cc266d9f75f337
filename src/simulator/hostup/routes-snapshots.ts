import { fail, param, type Route, type RouteContext, withVps } from './context.js';
import { computeGates } from './gates.js';
import { queuedOperationBody } from './job-envelopes.js';
import { jsonResponse, type SimResponse } from './problem.js';
import type { SimVps } from './types.js';

const snapshotLimit = 3;

function listSnapshots(ctx: RouteContext, vps: SimVps): SimResponse {
  const gates = computeGates(vps, ctx.state.jobs.isBusy(vps.id));
  const full = vps.snapshots.length >= snapshotLimit;
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
    available: Math.max(0, snapshotLimit - vps.snapshots.length),
    limits: { totalSnapshots: snapshotLimit },
    actions: {
      canCreate:
        gates.canRestore.allowed && full
          ? { allowed: false, reason: 'Snapshot limit reached', code: 'snapshot_limit_reached' }
          : gates.canRestore,
      canRestore: gates.canRestore,
    },
  });
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
  const job = ctx.state.jobs.create(vps, 'snapshot_restore', result);
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
    pattern: /^\/api\/v2\/vps\/([^/]+)\/snapshots\/([^/]+)\/actions\/restore$/,
    handle: (ctx) => withVps(ctx, (vps) => restoreSnapshot(ctx, vps)),
  },
];
