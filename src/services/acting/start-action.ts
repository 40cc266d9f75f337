import { randomUUID } from 'node:crypto';
import type { ActionRequest } from '../../domain/action-request.js';
import {
  actionNameOf,
  providerOf,
  requestTarget,
  serverKey,
  serversOf,
} from '../../domain/action-request.js';
import { currentStep } from '../../domain/operation-steps.js';
import type { ApprovalBasis } from '../../domain/policy/index.js';
import type { Refusal } from '../../domain/refusals.js';
import { failpoint } from '../../failpoints.js';
import type { ActingCall, Approval, ServerLock, TrackedOperation } from '../../store/store.js';
import { openReview } from '../after-reviews.js';
import type { ActingDeps } from './acting-deps.js';
import { busyRefusal } from './busy.js';
import { callKeepingLease } from './call-keeping-lease.js';
import { checkBeforeActing } from './check-before-acting.js';
import { executorFor } from './executors.js';
import { operationAction, operationToCreate } from './operation-setup.js';
import { type AnswerSummary, recordAnswer } from './record-answer.js';
import { refuseOrigin } from './refuse-origin.js';

/** What set the action off: a person's Confirm, or the run of an approved request. */
export type ActingOrigin =
  | { readonly kind: 'confirmation'; readonly confirmationId: string }
  | { readonly kind: 'approval'; readonly approval: Approval };

export interface StartActionArgs {
  readonly request: ActionRequest;
  readonly requester: string;
  /** Whose click set it off: the requester for a Confirm, the last approver ('system' for a countdown). */
  readonly executor: string;
  readonly channel: string;
  readonly correlationId: string;
  readonly origin: ActingOrigin;
  /** `--break-glass "<reason>"`, as asked for with the request. */
  readonly breakGlass?: string;
  /** What an approved request was approved under (checked again before it runs). */
  readonly basis?: ApprovalBasis;
}

export type StartOutcome =
  /** The confirmation was decided already, expired, or is someone else's: nothing was done. */
  | {
      readonly code: 'confirmation_closed';
      readonly why: 'not_found' | 'already_decided' | 'expired' | 'not_requester';
    }
  /** Another click or process ran this approved request. */
  | { readonly code: 'already_run' }
  /** The policy wants approval first (the caller posts a request instead). */
  | { readonly code: 'needs_approval' }
  /** A check said no; nothing was sent to the provider. */
  | { readonly code: 'refused'; readonly refusal: Refusal }
  /** The call was made; `answer` says what came back. */
  | { readonly code: 'started'; readonly operation: TrackedOperation; readonly answer: AnswerSummary };

/** Rolls the claiming transaction back when a server is held. */
class ServerHeld extends Error {
  constructor(readonly held: ServerLock) {
    super('server held');
  }
}

/**
 * The one way the bot acts, for a Confirm and for an approved request alike:
 * re-check the policy and the live gates → one commit that claims the confirmation or approval,
 * locks the servers, creates the operation (leased to this process, its root message owed) and
 * writes the journal entry → the acting call, once → one commit recording what came back.
 *
 * A crash anywhere after the first commit leaves a journal entry still 'calling' and a lease that
 * runs out; whoever claims the operation then reconciles it from the server's live state and never
 * repeats the call (tracker/reconcile-follower.ts).
 */
export async function startAction(deps: ActingDeps, args: StartActionArgs): Promise<StartOutcome> {
  const { store, clock } = deps;
  const { request } = args;
  const checked = await checkBeforeActing(deps, args);
  if ('stop' in checked) return checked.stop;
  // An action of several steps makes its first step's call here; the tracker calls the others.
  const { plan } = checked.go;
  const first = plan.steps ? currentStep(plan.steps).request : request;

  const operationId = randomUUID();
  const now = clock.now();
  const expected = await store.typicalDuration(providerOf(request), operationAction(request));
  let claimed: { operation: TrackedOperation; call: ActingCall } | StartOutcome;
  try {
    claimed = await store.transaction(async (tx) => {
      if (args.origin.kind === 'confirmation') {
        const decided = await tx.decideConfirmation(args.origin.confirmationId, {
          by: args.executor,
          decision: 'confirmed',
          now,
        });
        if (!decided.ok) return { code: 'confirmation_closed' as const, why: decided.reason };
      } else if (!(await tx.markApprovalRun(args.origin.approval.id, { operationId, now }))) {
        return { code: 'already_run' as const };
      }
      const locked = await tx.acquireServerLocks({
        keys: serversOf(request).map(serverKey),
        slot: 'acting',
        holder: `operation:${operationId}`,
        action: actionNameOf(request),
        actor: args.requester,
        now,
      });
      if (!locked.ok) throw new ServerHeld(locked.held);
      const approval =
        args.origin.kind === 'approval'
          ? { record: args.origin.approval, rootTs: args.origin.approval.messageTs }
          : null;
      const setup = operationToCreate({
        id: operationId,
        request,
        requester: args.requester,
        channel: args.channel,
        correlationId: args.correlationId,
        now,
        lease: { owner: deps.owner, expiresAt: now + deps.leaseMs },
        approval,
        expectedDurationMs: expected,
        executor: args.executor,
        plan,
      });
      const operation = await tx.createOperation(setup.operation, { messages: setup.messages });
      const use = checked.go.breakGlass;
      if (use) {
        await openReview(tx, {
          request,
          actor: args.requester,
          channel: args.channel,
          use,
          approvers: deps.policy.approversOf(request),
          operationId,
          ...(args.origin.kind === 'approval' ? { approvalId: args.origin.approval.id } : {}),
          correlationId: args.correlationId,
          now,
        });
      }
      const call = await tx.recordCallStart({
        operationId,
        provider: providerOf(request),
        action: actionNameOf(first),
        target: requestTarget(request).id,
        request: executorFor(first).describeCall(first),
        requester: args.requester,
        executor: args.executor,
        correlationId: args.correlationId,
        calledAt: now,
      });
      return { operation, call };
    });
  } catch (error) {
    if (!(error instanceof ServerHeld)) throw error;
    const refusal = await busyRefusal(store, requestTarget(request).name, error.held);
    return refuseOrigin(deps, args, refusal);
  }
  if ('code' in claimed) return claimed;
  deps.poke();

  failpoint('acting.before-call');
  const answer = await callKeepingLease(deps, claimed.operation, () =>
    executorFor(first).call(deps.providers, first),
  );
  failpoint('acting.after-answer');
  const summary = await recordAnswer(deps, {
    ...args,
    operation: claimed.operation,
    call: claimed.call,
    answer,
  });
  failpoint('acting.after-record');
  deps.poke();
  return { code: 'started', operation: claimed.operation, answer: summary };
}
