import { randomUUID } from 'node:crypto';
import { actionNameOf, providerOf, requestTarget } from '../domain/action-request.js';
import type { Approval, StoreTx } from '../store/store.js';
import type { ActingDeps } from './acting/acting-deps.js';
import { approvalOf, operationAction, vpsSubject } from './acting/operation-setup.js';
import { requestOf } from './approval-records.js';

/**
 * Release 0.1 marked an approved request 'executing' before its acting call and 'executed' after;
 * a process that died in between left it there for ever ("Approval needed … 0 of 1", nobody could
 * approve or cancel it). On upgrade each one becomes what today's pipeline leaves after such a
 * crash: an operation in phase 'reconciling' under the request's message, with its journal entry
 * 'unknown', so the reconciliation tells its thread what HostUp shows. Nothing is called again.
 */
export async function reconcileLeftExecuting(deps: ActingDeps): Promise<number> {
  const { store, clock } = deps;
  const stuck = await store.listApprovalsLeftExecuting();
  for (const approval of stuck) {
    const now = clock.now();
    const taken = await store.transaction(async (tx) => {
      if (!(await tx.markApprovalExecuted(approval.id, null, now))) return false;
      await createReconciliation(tx, approval, now);
      return true;
    });
    if (taken)
      deps.logger.warn({ approvalId: approval.id }, 'reconciling a request release 0.1 left executing');
  }
  if (stuck.length > 0) deps.poke();
  return stuck.length;
}

async function createReconciliation(tx: StoreTx, approval: Approval, now: number): Promise<void> {
  const request = requestOf(approval);
  const id = randomUUID();
  const target = requestTarget(request);
  const approved = approvalOf(approval, now);
  const subject = vpsSubject({
    operationId: id,
    request,
    requester: approval.requester,
    jobId: null,
    approval: approved,
  });
  await tx.createOperation(
    {
      id,
      provider: providerOf(request),
      targetId: target.id,
      targetName: target.name,
      action: operationAction(request),
      requester: approval.requester,
      correlationId: `upgrade-${approval.id.slice(0, 8)}`,
      channel: approval.channel,
      rootTs: approval.messageTs,
      startedAt: approval.updatedAt,
      nextPollAt: now,
      phase: 'reconciling',
      meta: { request, approval: approved, approvalId: approval.id },
    },
    {
      messages: [
        {
          kind: 'update',
          channel: approval.channel,
          targetTs: approval.messageTs,
          anchor: 'follow',
          payload: {
            type: 'operation.root-refresh',
            subject,
            status: 'unknown',
            progress: null,
            note: null,
            phase: 'reconciling',
          },
          dedupeKey: `${id}:approval-root`,
          orderKey: `approval:${approval.id}`,
        },
      ],
    },
  );
  const call = await tx.recordCallStart({
    operationId: id,
    provider: providerOf(request),
    action: actionNameOf(request),
    target: target.id,
    request: { upgradedFrom: 'release 0.1' },
    requester: approval.requester,
    executor: approval.decidedBy ?? 'system',
    calledAt: approval.updatedAt,
  });
  await tx.recordCallEnd(call.id, { state: 'unknown', result: { lost: 'release_0_1_stopped_mid_run' }, now });
  await tx.appendAudit({
    actor: 'system',
    action: approval.actionKind,
    target: approval.target,
    outcome: 'unknown',
    detail: {
      vpsName: target.name,
      approvalId: approval.id,
      operationId: id,
      why: 'left executing by release 0.1',
    },
    correlationId: null,
  });
}
