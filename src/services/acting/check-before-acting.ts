import { requestTarget, serverKey, serversOf } from '../../domain/action-request.js';
import type { BreakGlassUse } from '../../domain/policy/index.js';
import type { Refusal } from '../../domain/refusals.js';
import { errorInfo } from '../../errors.js';
import type { ActingDeps } from './acting-deps.js';
import { busyRefusal } from './busy.js';
import { executorFor } from './executors.js';
import { planSteps, type StepPlan } from './plan-steps.js';
import { refuseOrigin } from './refuse-origin.js';
import type { StartActionArgs, StartOutcome } from './start-action.js';

/** Go on (with the break-glass use to make loud, if one let it through), or stop with this outcome. */
export type Checked =
  | { readonly stop: StartOutcome }
  | { readonly go: { readonly breakGlass: BreakGlassUse | null; readonly plan: StepPlan } };

/**
 * The policy and the live checks, just before acting; a refusal closes the origin with its reason.
 * An approved request is also checked against what it was approved under: a policy that changed,
 * or an approver who left, lapses it.
 */
export async function checkBeforeActing(deps: ActingDeps, args: StartActionArgs): Promise<Checked> {
  const refuse = async (refusal: Refusal): Promise<Checked> => ({
    stop: await refuseOrigin(deps, args, refusal),
  });
  const decision = await deps.policy.decideAct({
    user: args.requester,
    request: args.request,
    channel: args.channel,
    ...(args.breakGlass ? { breakGlass: { reason: args.breakGlass } } : {}),
  });
  if (decision.verdict === 'deny') return refuse(decision.refusal);
  // An approved request has had its approval; a Confirm that now needs one is sent back to ask
  // (the restores always do: the policy never lets them skip it).
  if (decision.verdict === 'approval' && args.origin.kind === 'confirmation')
    return { stop: { code: 'needs_approval' } };
  if (args.origin.kind === 'approval' && args.basis) {
    const votes = args.origin.approval.approvals.map((v) => v.userId);
    const lapses = await deps.policy.lapses(args.basis, args.request, votes);
    if (lapses.length > 0)
      return refuse({ code: 'approval_lapsed', server: requestTarget(args.request).name, lapses });
  }
  // Said before the live checks, so a busy server is named as busy (with a link to what holds it)
  // rather than by HostUp's gate; the lock taken in the claiming commit is what really decides.
  for (const server of serversOf(args.request)) {
    const held = await deps.store.getServerLock(serverKey(server), 'acting');
    if (held) return refuse(await busyRefusal(deps.store, requestTarget(args.request).name, held));
  }
  let refusal: Refusal | null;
  try {
    refusal = await executorFor(args.request).recheck(deps.providers, args.request);
  } catch (error) {
    deps.logger.warn({ err: error, correlationId: args.correlationId }, 'checking before acting failed');
    refusal = { code: 'check_failed', error: errorInfo(error) };
  }
  if (refusal) return refuse(refusal);
  // One call, or steps (a safety snapshot first, a canary first): decided from the live gates too.
  const planned = await planSteps(deps, args.request);
  if (!planned.ok) return refuse(planned.refusal);
  return { go: { breakGlass: decision.decision.breakGlass ?? null, plan: planned.plan } };
}
