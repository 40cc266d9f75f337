import { randomUUID } from 'node:crypto';
import type { ActionRequest } from '../../domain/action-request.js';
import {
  actionNameOf,
  providerOf,
  requestTarget,
  serverKey,
  serversOf,
} from '../../domain/action-request.js';
import type { Refusal } from '../../domain/refusals.js';
import { errorInfo } from '../../errors.js';
import { failpoint } from '../../failpoints.js';
import type { ActingCall, Approval, ServerLock, TrackedOperation } from '../../store/store.js';
import type { ActingDeps } from './acting-deps.js';
import { busyRefusal } from './busy.js';
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
  if (checked) return checked;

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
      });
      const operation = await tx.createOperation(setup.operation, { messages: setup.messages });
      const call = await tx.recordCallStart({
        operationId,
        provider: providerOf(request),
        action: actionNameOf(request),
        target: requestTarget(request).id,
        request: executorFor(request).describeCall(request),
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
    executorFor(request).call(deps.providers, request),
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

/** The policy and the live checks, just before acting; a refusal closes the origin with its reason. */
async function checkBeforeActing(deps: ActingDeps, args: StartActionArgs): Promise<StartOutcome | null> {
  const decision = await deps.policy.decideAct({
    user: args.requester,
    request: args.request,
    channel: args.channel,
  });
  if (decision.verdict === 'deny') return refuseOrigin(deps, args, decision.refusal);
  // An approved request has had its approval; a Confirm that now needs one is sent back to ask
  // (the restores always do: the policy never lets them skip it).
  if (decision.verdict === 'approval' && args.origin.kind === 'confirmation')
    return { code: 'needs_approval' };
  // Said before the live checks, so a busy server is named as busy (with a link to what holds it)
  // rather than by HostUp's gate; the lock taken in the claiming commit is what really decides.
  for (const server of serversOf(args.request)) {
    const held = await deps.store.getServerLock(serverKey(server), 'acting');
    if (held)
      return refuseOrigin(deps, args, await busyRefusal(deps.store, requestTarget(args.request).name, held));
  }
  let refusal: Refusal | null;
  try {
    refusal = await executorFor(args.request).recheck(deps.providers, args.request);
  } catch (error) {
    deps.logger.warn({ err: error, correlationId: args.correlationId }, 'checking before acting failed');
    refusal = { code: 'check_failed', error: errorInfo(error) };
  }
  if (refusal) return refuseOrigin(deps, args, refusal);
  return null;
}

export type CallResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown };

/**
 * Makes the call while renewing this process's lease on the operation, so nobody takes it for a
 * crashed caller's while the provider takes its time.
 */
async function callKeepingLease<T>(
  deps: ActingDeps,
  operation: TrackedOperation,
  call: () => Promise<T>,
): Promise<CallResult<T>> {
  const renew = setInterval(
    () => {
      deps.store
        .extendLease(operation.id, deps.owner, { now: deps.clock.now(), leaseMs: deps.leaseMs })
        .catch((error: unknown) =>
          deps.logger.warn({ err: error, operationId: operation.id }, 'could not renew the lease'),
        );
    },
    Math.max(250, Math.floor(deps.leaseMs / 3)),
  );
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  } finally {
    clearInterval(renew);
  }
}
