import { actionInfo } from '../../domain/action-catalogue.js';
import { requestTarget } from '../../domain/action-request.js';
import type { Refusal } from '../../domain/refusals.js';
import { auditDetail, noteAbout, publishApproval, requestOf } from '../approval-records.js';
import type { ActingDeps } from './acting-deps.js';
import type { StartActionArgs, StartOutcome } from './start-action.js';

/**
 * A check said no before anything was sent. A Confirm is closed (so its buttons stop working) and
 * the refusal goes back to the click; an approved request fails, its message and its requester
 * say why, and its server lock ends. Either way the audit trail has it.
 */
export async function refuseOrigin(
  deps: ActingDeps,
  args: StartActionArgs,
  refusal: Refusal,
): Promise<StartOutcome> {
  const { store, clock } = deps;
  const now = clock.now();
  const target = requestTarget(args.request);
  const busy = refusal.code === 'server_busy';
  const outcome = await store.transaction(async (tx): Promise<StartOutcome> => {
    if (args.origin.kind === 'confirmation') {
      // A busy server leaves the confirmation open: Confirm works again once the server is free.
      // Unless it is busy with this very confirmation (a second click of one Confirm).
      if (busy) {
        const current = await tx.getConfirmation(args.origin.confirmationId);
        if (current && current.status !== 'pending')
          return { code: 'confirmation_closed', why: 'already_decided' };
      } else {
        const decided = await tx.decideConfirmation(args.origin.confirmationId, {
          by: args.executor,
          decision: 'confirmed',
          now,
        });
        if (!decided.ok) return { code: 'confirmation_closed', why: decided.reason };
      }
      await tx.appendAudit({
        actor: args.executor,
        action: actionInfo(args.request).auditName,
        target: target.id,
        outcome: 'refused',
        detail: { vpsName: target.name, refusal },
        correlationId: args.correlationId,
      });
      return { code: 'refused', refusal };
    }
    const { approval } = args.origin;
    if (!(await tx.markApprovalFailed(approval.id, refusal.code, now))) return { code: 'already_run' };
    const failed = (await tx.getApproval(approval.id)) ?? approval;
    await publishApproval(tx, failed, 'failed', refusal);
    await noteAbout(
      tx,
      failed,
      failed.requester,
      { code: 'request_not_run', request: requestOf(failed), refusal },
      'not-run',
    );
    await tx.appendAudit({
      actor: args.executor,
      action: actionInfo(args.request).auditName,
      target: target.id,
      outcome: 'refused',
      detail: auditDetail(failed, { refusal }),
      correlationId: args.correlationId,
    });
    return { code: 'refused', refusal };
  });
  deps.poke();
  return outcome;
}
