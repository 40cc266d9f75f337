import type { ActionRequest, SnapshotRequest } from '../../domain/action-request.js';
import { canarySteps, newSteps, type OperationSteps } from '../../domain/operation-steps.js';
import type { Refusal } from '../../domain/refusals.js';
import { wantsSafetyPoint } from '../../domain/safety-preview.js';
import { snapshotName } from '../../domain/snapshot-names.js';
import { toUserMessage } from '../../errors.js';
import type { ActingDeps } from './acting-deps.js';

/** How an action will be carried out: in one call, or in steps; and a safety point it goes without. */
export interface StepPlan {
  readonly steps: OperationSteps | null;
  /** `safety_point: when_possible` and HostUp allows no snapshot now: the restore goes on without one. */
  readonly safetySkipped: { readonly reason: string | null } | null;
}

export type PlanOutcome =
  | { readonly ok: true; readonly plan: StepPlan }
  | { readonly ok: false; readonly refusal: Refusal };

const single: PlanOutcome = { ok: true, plan: { steps: null, safetySkipped: null } };

/**
 * Decided just before acting, from the policy and HostUp's live gates:
 * - a restore (snapshot or from another VPS) first takes a snapshot of the disk it replaces, named
 *   `pre-restore-<UTC minute>`, when `safety_point` is not 'off' and the snapshots gate allows it.
 *   HostUp documents no route that creates a backup, so the safety point is a snapshot for
 *   restore-from too. When the gate says no: 'required' refuses the restore, 'when_possible'
 *   goes on without one (and says so);
 * - a reboot of several app servers with `canary` starts with the first one alone, then the rest
 *   in chunks of 20, each only once the one before is back.
 * Everything else is one call, as always.
 */
export async function planSteps(deps: ActingDeps, request: ActionRequest): Promise<PlanOutcome> {
  const safety = deps.policy.safetyFor(request);
  if (request.kind === 'appserver-reboot') {
    if (!safety.canary || request.servers.length < 2) return single;
    return { ok: true, plan: { steps: newSteps(canarySteps(request), null), safetySkipped: null } };
  }
  if (!wantsSafetyPoint(request) || safety.safetyPoint === 'off') return single;
  const mode = safety.safetyPoint;
  let names: string[];
  let closed: string | null = null;
  try {
    const list = await deps.providers.hostup.listSnapshots(request.vpsId);
    names = list.snapshots.map((s) => s.name);
    if (list.canCreate && !list.canCreate.allowed) closed = list.canCreate.reason ?? 'not allowed now';
  } catch (error) {
    names = [];
    closed = `its snapshots could not be read (${toUserMessage(error)})`;
  }
  if (closed !== null) {
    if (mode === 'required')
      return {
        ok: false,
        refusal: { code: 'safety_point_impossible', server: request.vpsName, reason: closed },
      };
    return { ok: true, plan: { steps: null, safetySkipped: { reason: closed } } };
  }
  const snapshot: SnapshotRequest = {
    kind: 'snapshot',
    vpsId: request.vpsId,
    vpsName: request.vpsName,
    ...(request.vpsHostname !== undefined ? { vpsHostname: request.vpsHostname } : {}),
    name: snapshotName('safety', deps.clock.now(), names),
    purpose: 'safety',
  };
  const steps = newSteps(
    [
      { role: 'safety', request: snapshot },
      { role: 'main', request },
    ],
    mode,
  );
  return { ok: true, plan: { steps, safetySkipped: null } };
}
