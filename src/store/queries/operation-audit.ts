import { actionInfo } from '../../domain/action-catalogue.js';
import type { ActionRequest } from '../../domain/action-request.js';
import type { NewAuditEntry, OperationState, TrackedOperation } from '../records.js';

const kinds = new Set(['restore', 'restore-from', 'power', 'hostname', 'appserver-reboot']);
const outcomeOf = { done: 'completed', failed: 'failed', gave_up: 'gave_up' } as const;

/** The request the acting pipeline keeps in an operation's meta (absent for release 0.1's). */
function requestIn(meta: unknown): ActionRequest | null {
  const request = (meta as { request?: { kind?: unknown } } | null)?.request;
  return request && typeof request.kind === 'string' && kinds.has(request.kind)
    ? (request as ActionRequest)
    : null;
}

/**
 * The audit entry for how a followed operation ended (completed, failed, outcome unknown, no
 * longer followed), named like the entries of its request and confirmation so a trail reads as
 * one story: requested → executed → completed.
 */
export function operationEndAudit(
  op: TrackedOperation,
  args: { readonly state: Exclude<OperationState, 'active'>; readonly at: number },
): NewAuditEntry {
  const request = requestIn(op.meta);
  return {
    at: args.at,
    actor: 'system',
    action: request ? actionInfo(request).auditName : op.action,
    target: op.targetId,
    outcome: op.outcome ?? outcomeOf[args.state],
    detail: {
      vpsName: op.targetName,
      ...(request?.kind === 'appserver-reboot' ? { servers: request.servers.map((s) => s.name) } : {}),
      operationId: op.id,
      ...(op.jobId ? { jobId: op.jobId } : {}),
      durationMs: Math.max(0, args.at - op.startedAt),
      ...(op.lastError && op.state !== 'done' ? { error: op.lastError } : {}),
    },
    correlationId: op.correlationId,
  };
}
