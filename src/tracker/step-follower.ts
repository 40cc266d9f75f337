import type { Clock } from '../clock.js';
import type { Notification, OperationFinished } from '../domain/notifications.js';
import { isLastStep, type OperationSteps, safetyTaken, stepsOf } from '../domain/operation-steps.js';
import type { ErrorInfo } from '../domain/refusals.js';
import type { AfterCheck } from '../domain/step-notifications.js';
import type { VpsApi } from '../domain/vps-api.js';
import { errorInfo } from '../errors.js';
import type { NewOutboxMessage, TrackedOperation } from '../store/store.js';
import type { FollowContext, FollowStep, OperationFollower } from './follower.js';
import type { RateBudget } from './rate-budget.js';
import { planStepEnd } from './step-transitions.js';

export interface SteppedFollowerOptions {
  /** For the after-check (a read of the live status); null for providers without one. */
  readonly hostup: Pick<VpsApi, 'getVpsStatus'> | null;
  /** The read takes its turn in HostUp's budget, like a poll (without one it goes at once). */
  readonly budget?: RateBudget;
  readonly clock: Clock;
  /** How long a person has to choose after a failed chunk. */
  readonly pauseMs: number;
}

/** Actions after which the server should be running again, so the bot looks before saying so. */
const afterCheckActions = new Set(['start', 'restart', 'reset', 'restore', 'restore-from']);

/** What ends a step in a follower's messages: replaced by the step's own message between steps. */
const endingTypes = new Set(['operation.finished', 'operation.gave-up', 'appserver-reboot.summary']);

/**
 * Wraps a provider's follower for operations of several steps and for the end of every
 * operation. Between steps: the follower's messages keep going out (their dedupe keys get the
 * step's number, so the next step's "in progress" is news again), and its end becomes the step's
 * end (planStepEnd: next step owed, a person asked, or a stop). At the very end: the final reply
 * gets the after-check (the server's live status, read once) and, for a restore that took a
 * safety point, the Undo offer. The inner follower does not know about steps at all.
 */
export class SteppedFollower implements OperationFollower {
  readonly #inner: OperationFollower;
  readonly #o: SteppedFollowerOptions;

  constructor(inner: OperationFollower, options: SteppedFollowerOptions) {
    this.#inner = inner;
    this.#o = options;
  }

  async step(op: TrackedOperation, ctx: FollowContext): Promise<FollowStep> {
    const steps = stepsOf(op.meta);
    // Each step has its own time limit and duration, counted from its own call.
    const view = steps?.stepStartedAt != null ? { ...op, startedAt: steps.stepStartedAt } : op;
    const result = await this.#inner.step(view, ctx);
    if (steps && !isLastStep(steps)) return this.#between(op, view.startedAt, steps, result);
    if (result.kind !== 'finish') return result;
    return this.#finished(op, steps, result, ctx);
  }

  #between(op: TrackedOperation, stepStart: number, steps: OperationSteps, result: FollowStep): FollowStep {
    if (result.kind === 'abandon' || result.kind === 'recorded') return result;
    const numbered = (messages: readonly NewOutboxMessage[]) =>
      messages.map((m) => (m.dedupeKey ? { ...m, dedupeKey: `${m.dedupeKey}~${steps.at}` } : m));
    if (result.kind === 'continue') return { ...result, messages: numbered(result.messages) };
    const now = this.#o.clock.now();
    const ended = planStepEnd({
      // The follower's last reading (which server came back, which failed) is where the next step starts.
      op: result.meta !== undefined ? { ...op, meta: result.meta } : op,
      steps,
      outcome: result.end.state === 'done' ? 'done' : 'failed',
      error: errorOfEnd(result.messages),
      durationMs: Math.max(0, now - stepStart),
      now,
      pauseMs: this.#o.pauseMs,
    });
    // What the follower said on the way (e.g. "Failed: app-01 (ERROR)") stays; its summary and
    // its final root edit do not: the operation is not over.
    const along = result.messages.filter(
      (m) => !endingTypes.has(typeOf(m)) && !(m.dedupeKey ?? '').endsWith(':root:final'),
    );
    return { ...ended, messages: [...numbered(along), ...ended.messages] };
  }

  async #finished(
    op: TrackedOperation,
    steps: OperationSteps | null,
    result: Extract<FollowStep, { kind: 'finish' }>,
    ctx: FollowContext,
  ): Promise<FollowStep> {
    if (!result.messages.some((m) => typeOf(m) === 'operation.finished')) return result;
    const safety = safetyTaken(steps);
    const afterCheck =
      result.end.state === 'done' && afterCheckActions.has(op.action)
        ? await this.#afterCheck(op, ctx)
        : null;
    const messages = result.messages.map((m) => {
      if (typeOf(m) !== 'operation.finished') return m;
      const payload: OperationFinished = {
        ...(m.payload as OperationFinished),
        ...(afterCheck ? { afterCheck } : {}),
        ...(safety ? { undo: { snapshotName: safety.name } } : {}),
      };
      return { ...m, payload };
    });
    return { ...result, messages };
  }

  /** One read of the live status: says whether the server is really back. Never an action. */
  async #afterCheck(op: TrackedOperation, ctx: FollowContext): Promise<AfterCheck | null> {
    const { hostup, budget } = this.#o;
    if (!hostup || op.provider !== 'hostup') return null;
    const expected = 'running' as const;
    try {
      await budget?.take(ctx.signal);
    } catch {
      return null; // stopping: the final goes without it
    }
    try {
      const status = await hostup.getVpsStatus(op.targetId);
      return { kind: 'read', powerState: status.powerState, uptimeSeconds: status.uptimeSeconds, expected };
    } catch (error) {
      return { kind: 'unreadable', error: errorInfo(error) };
    } finally {
      budget?.release();
    }
  }
}

function typeOf(m: NewOutboxMessage): string {
  return ((m.payload as Notification | null)?.type as string | undefined) ?? '';
}

/** Why a step failed, from the follower's own ending message. */
function errorOfEnd(messages: readonly NewOutboxMessage[]): ErrorInfo | null {
  for (const m of messages) {
    const p = m.payload as Notification;
    const base = { status: null, requestId: null } as const;
    if (p.type === 'operation.finished' && p.outcome === 'failed') {
      return {
        ...base,
        kind: 'provider',
        code: p.error?.code ?? 'job_failed',
        provider: 'hostup',
        detail: p.error?.detail ?? null,
        requestId: p.error?.requestId ?? null,
      };
    }
    if (p.type === 'operation.gave-up')
      return { ...base, kind: 'app', code: 'follow_limit_reached', provider: 'hostup', detail: p.reason };
    if (p.type === 'appserver-reboot.summary' && p.failed.length + p.timedOut.length > 0) {
      const lines = [...p.failed, ...p.timedOut].map(
        (l) => `${l.name}: ${l.note ?? l.vmStatus ?? 'did not come back'}`,
      );
      return {
        ...base,
        kind: 'provider',
        code: 'app_servers_failed',
        provider: 'huawei',
        detail: lines.join(', '),
      };
    }
  }
  return null;
}
