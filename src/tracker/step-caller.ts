import type { Logger } from 'pino';
import { stepsOf } from '../domain/operation-steps.js';
import type { VpsApi } from '../domain/vps-api.js';
import type { ActingDeps } from '../services/acting/acting-deps.js';
import { callNextStep } from '../services/acting/call-next-step.js';
import type { TrackedOperation } from '../store/store.js';
import type { FollowContext, FollowStep, OperationFollower } from './follower.js';
import type { RateBudget } from './rate-budget.js';
import { SteppedFollower } from './step-follower.js';
import { planStepRefused, planStepsStopped } from './step-transitions.js';

export interface StepCallerOptions {
  readonly acting: ActingDeps;
  readonly logger: Logger;
  /** The app-server reboot time limit, for the summary of a reboot stopped part way. */
  readonly rebootLimitMs: number;
}

/**
 * Takes the operations of several steps between two steps. Phase 'next_call': the next step is
 * owed, so it is called through the acting pipeline (services/acting/call-next-step.ts), unless
 * the person asked chose to stop there. Phase 'paused' reaching its due time: nobody chose in
 * time, so it stops there. Either stop ends the operation and says what was never called.
 */
export class StepCaller implements OperationFollower {
  readonly #o: StepCallerOptions;

  constructor(options: StepCallerOptions) {
    this.#o = options;
  }

  async step(op: TrackedOperation, ctx: FollowContext): Promise<FollowStep> {
    const { acting, logger } = this.#o;
    const steps = stepsOf(op.meta);
    const now = acting.clock.now();
    if (!steps) {
      logger.error({ operationId: op.id }, 'tracker: an operation between steps has no readable steps');
      return {
        kind: 'finish',
        end: { state: 'failed', status: op.status, lastError: 'unreadable_operation' },
        messages: [],
        durationMs: null,
      };
    }
    const stop = (by: string | null) =>
      planStepsStopped({ op, steps, by, now, rebootLimitMs: this.#o.rebootLimitMs });
    if (op.phase === 'paused') return stop(null);
    if (steps.decision?.choice === 'stop') return stop(steps.decision.by);
    if (!(await ctx.keepLease())) return { kind: 'abandon', reason: 'lease_lost' };
    const outcome = await callNextStep(acting, op, steps);
    switch (outcome.kind) {
      case 'recorded':
        return { kind: 'recorded' };
      case 'lease_lost':
        return { kind: 'abandon', reason: 'lease_lost' };
      case 'refused':
        return planStepRefused(op, steps, outcome.refusal);
    }
  }
}

/** What the tracker needs for operations of several steps (its `steps` option). */
export function stepsOption(
  options: StepCallerOptions & {
    readonly hostup: Pick<VpsApi, 'getVpsStatus'>;
    readonly pauseMs: number;
    /** HostUp's one budget: the after-check's read takes its turn like a poll. */
    readonly budget: RateBudget;
  },
) {
  const { hostup, pauseMs, budget } = options;
  return {
    caller: new StepCaller(options),
    wrap: (follower: OperationFollower) =>
      new SteppedFollower(follower, { hostup, budget, clock: options.acting.clock, pauseMs }),
  };
}
