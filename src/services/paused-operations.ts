import { actionInfo } from '../domain/action-catalogue.js';
import type { ActionRequest } from '../domain/action-request.js';
import { remainingServers, stepsOf } from '../domain/operation-steps.js';
import type { Refusal } from '../domain/refusals.js';
import type { OperationStepsContinued } from '../domain/step-notifications.js';
import type { ActingDeps } from './acting/acting-deps.js';
import { stepSubject } from './acting/operation-setup.js';

export type StepChoice = 'continue' | 'stop';

/** What the person who clicked "Continue with the other N" or "Stop here" is told. */
export type StepDecisionOutcome =
  | { readonly code: 'decided'; readonly choice: StepChoice; readonly servers: readonly string[] }
  /** Someone chose already, the time to choose ran out, or the operation is not waiting. */
  | { readonly code: 'not_paused' }
  | { readonly code: 'unknown' }
  | { readonly code: 'refused'; readonly refusal: Refusal };

/**
 * The choice after a failed step of a canary reboot. Going on is an action on the other servers
 * by whoever clicks, so the policy decides for that person and those servers (the approval the
 * whole reboot got, if it needed one, covers its other servers); stopping is asked the same way.
 * The choice is one conditional store transition (the first click wins); the tracker then calls
 * the next step through the acting pipeline, or ends the operation saying what was not rebooted.
 */
export class PausedOperations {
  readonly #d: ActingDeps;

  constructor(deps: ActingDeps) {
    this.#d = deps;
  }

  async decide(args: {
    user: string;
    operationId: string;
    choice: StepChoice;
    correlationId: string;
  }): Promise<StepDecisionOutcome> {
    const { store, clock, policy } = this.#d;
    const op = await store.getOperation(args.operationId);
    if (!op) return { code: 'unknown' };
    const steps = stepsOf(op.meta);
    const main = (op.meta as { request?: ActionRequest } | null)?.request;
    if (!steps || !main || op.state !== 'active' || op.phase !== 'paused') return { code: 'not_paused' };
    const rest = remainingServers(steps);
    if (main.kind === 'appserver-reboot' && rest.length > 0) {
      const decision = await policy.decideAct({
        user: args.user,
        request: { ...main, servers: rest },
        channel: op.channel,
      });
      if (decision.verdict === 'deny') return { code: 'refused', refusal: decision.refusal };
    }
    const now = clock.now();
    const decision = { by: args.user, choice: args.choice, at: now };
    const next = { ...steps, at: args.choice === 'continue' ? steps.at + 1 : steps.at, decision };
    const names = rest.map((s) => s.name);
    const decided = await store.transaction(async (tx) => {
      if (!(await tx.resumePausedOperation(op.id, { meta: { ...(op.meta as object), steps: next }, now })))
        return false;
      if (args.choice === 'continue') {
        const payload: OperationStepsContinued = {
          type: 'operation.steps-continued',
          subject: stepSubject(op),
          by: args.user,
          servers: names,
        };
        await tx.enqueueMessage({
          kind: 'post',
          channel: op.channel,
          operationId: op.id,
          anchor: 'follow',
          payload,
          dedupeKey: `${op.id}:step:${steps.at}:decided`,
        });
      }
      await tx.appendAudit({
        actor: args.user,
        action: actionInfo(main).auditName,
        target: op.targetId,
        outcome: args.choice === 'continue' ? 'continued' : 'stopped',
        detail: { vpsName: op.targetName, operationId: op.id, servers: names },
        correlationId: args.correlationId,
      });
      return true;
    });
    if (!decided) return { code: 'not_paused' };
    this.#d.poke();
    return { code: 'decided', choice: args.choice, servers: names };
  }
}
