import type { ActionRequest } from '../../domain/action-request.js';
import { actionNameOf, providerOf, requestTarget } from '../../domain/action-request.js';
import type { OperationApproval } from '../../domain/approval-notifications.js';
import { currentStep, type OperationSteps } from '../../domain/operation-steps.js';
import type { Refusal } from '../../domain/refusals.js';
import { errorInfo } from '../../errors.js';
import type { ActingCall, TrackedOperation } from '../../store/store.js';
import type { ActingDeps } from './acting-deps.js';
import { callKeepingLease } from './call-keeping-lease.js';
import { executorFor } from './executors.js';
import { vpsSubject } from './operation-setup.js';
import { recordAnswer } from './record-answer.js';

/** How a call of a later step went, for the tracker that asked for it. */
export type NextStepOutcome =
  /** The call was made and its answer recorded (or handed to reconciliation). */
  | { readonly kind: 'recorded' }
  /** The live checks said no before anything was sent: the caller ends the operation with this. */
  | { readonly kind: 'refused'; readonly refusal: Refusal }
  /** Another process holds the operation now. */
  | { readonly kind: 'lease_lost' };

interface StoredMeta {
  readonly request?: ActionRequest;
  readonly executor?: string;
  readonly approval?: OperationApproval;
}

/**
 * The acting pipeline's second half, for an operation whose next step is owed (phase 'next_call'):
 * the step's live checks → ONE commit that writes the journal entry and moves the operation to
 * 'calling' (only while this process holds its lease) → the call, once → the same recording of
 * the answer as the first step's (record-answer.ts). A crash before that commit leaves the step
 * owed, and whoever claims it next makes the call; a crash after it leaves a 'calling' operation,
 * which is reconciled and never called again. The operation's server locks stay held throughout.
 */
export async function callNextStep(
  deps: ActingDeps,
  op: TrackedOperation,
  steps: OperationSteps,
): Promise<NextStepOutcome> {
  const meta = (op.meta ?? {}) as StoredMeta;
  const main = meta.request;
  if (!main) {
    const unreadable = {
      kind: 'app',
      code: 'request_unreadable',
      provider: null,
      status: null,
      detail: null,
      requestId: null,
    } as const;
    return { kind: 'refused', refusal: { code: 'check_failed', error: unreadable } };
  }
  const step = currentStep(steps).request;
  const executor = steps.decision?.by ?? meta.executor ?? op.requester;
  try {
    const refusal = await executorFor(step).recheck(deps.providers, step);
    if (refusal) return { kind: 'refused', refusal };
  } catch (error) {
    return { kind: 'refused', refusal: { code: 'check_failed', error: errorInfo(error) } };
  }

  const now = deps.clock.now();
  const next = { ...steps, decision: null };
  // Written with the journal entry, so a crash mid-call is reconciled under this step's name.
  const subject =
    main.kind === 'appserver-reboot'
      ? {}
      : {
          subject: vpsSubject({
            operationId: op.id,
            request: main,
            requester: op.requester,
            jobId: null,
            approval: meta.approval ?? null,
            steps: next,
          }),
        };
  const calling = { ...(op.meta as object), steps: next, ...subject };
  const call = await deps.store.transaction(async (tx): Promise<ActingCall | null> => {
    if (!(await tx.updateOperation(op.id, deps.owner, { phase: 'calling', meta: calling, updatedAt: now })))
      return null;
    return tx.recordCallStart({
      operationId: op.id,
      provider: providerOf(main),
      action: actionNameOf(step),
      target: requestTarget(main).id,
      request: executorFor(step).describeCall(step),
      requester: op.requester,
      executor,
      correlationId: op.correlationId,
      calledAt: now,
    });
  });
  if (!call) return { kind: 'lease_lost' };

  const answer = await callKeepingLease(deps, op, () => executorFor(step).call(deps.providers, step));
  await recordAnswer(deps, {
    request: main,
    requester: op.requester,
    executor,
    channel: op.channel,
    correlationId: op.correlationId,
    origin: { kind: 'step', approval: meta.approval ?? null },
    operation: { ...op, meta: calling, phase: 'calling' },
    call,
    answer,
  });
  deps.poke();
  return { kind: 'recorded' };
}
