import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { VpsApi } from '../domain/vps-api.js';
import { AppError, ProviderError, RateLimitedError } from '../errors.js';
import type { TrackedOperation } from '../store/store.js';
import type { DurationPriors } from './duration-priors.js';
import { jobStartOf, planGiveUp, planJobGone } from './finish-plans.js';
import type { FollowContext, FollowStep, OperationFollower } from './follower.js';
import { type OutagePolicy, planPollFailure } from './poll-outage.js';
import {
  type FailureBackoffOptions,
  failureBackoffDelay,
  firstPollAt,
  nextPollDelay,
  type PollScheduleOptions,
} from './poll-schedule.js';
import { scheduleInputFor } from './progress-memory.js';
import type { RateBudget } from './rate-budget.js';
import { readTrackerState, withTrackerState } from './tracker-meta.js';
import { planReading, type ThreadPolicy } from './transitions.js';

export interface HostUpJobFollowerOptions {
  /** Only `pollJob` is used. */
  readonly api: Pick<VpsApi, 'pollJob'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The process-wide HostUp budget (also fed by the client's `onRateLimit`). */
  readonly budget: RateBudget;
  /** How long each action took lately (the schedule's prior). */
  readonly priors: DurationPriors;
  readonly followLimitMs: number;
  readonly random: () => number;
  readonly schedule: Partial<PollScheduleOptions>;
  readonly backoff: Partial<FailureBackoffOptions>;
  readonly thread: ThreadPolicy;
  readonly outage?: OutagePolicy;
}

/**
 * Follows a HostUp job through its pollUrl: one budgeted read per step, the schedule of
 * poll-schedule.ts, the thread messages of transitions.ts, and a give-up after the follow limit.
 */
export class HostUpJobFollower implements OperationFollower {
  readonly #o: HostUpJobFollowerOptions;

  constructor(options: HostUpJobFollowerOptions) {
    this.#o = options;
  }

  async step(op: TrackedOperation, ctx: FollowContext): Promise<FollowStep> {
    const { clock, logger, budget, api, priors } = this.#o;
    if (ctx.claimedAt - op.startedAt >= this.#o.followLimitMs) return this.#giveUp(op, ctx.claimedAt);
    if (!op.pollUrl) {
      logger.warn({ operationId: op.id, provider: op.provider }, 'tracker: operation has no job to poll');
      return proceed({ nextPollAt: ctx.claimedAt + (this.#o.schedule.maxMs ?? 30_000) });
    }
    const prior = await priors.get(op.provider, op.action);
    const before = readTrackerState(op);
    if (before.lastReadAt === null && !before.planned && op.consecutiveFailures === 0) {
      // Never read: look first when the job may have ended, not a second after the call.
      const firstAt =
        op.startedAt +
        firstPollAt({ elapsedMs: 0, prior, random: this.#o.random, options: this.#o.schedule });
      if (firstAt > ctx.claimedAt) {
        return proceed({
          nextPollAt: firstAt,
          attempts: op.attempts,
          meta: withTrackerState(op, { ...before, planned: true }),
        });
      }
    }
    try {
      await budget.take(ctx.signal);
    } catch {
      return { kind: 'abandon', reason: 'stopping' }; // the lease is released by stop()
    }
    if (!(await ctx.keepLease())) {
      budget.release();
      return { kind: 'abandon', reason: 'lease_lost' };
    }

    let job: Awaited<ReturnType<VpsApi['pollJob']>>;
    try {
      job = await api.pollJob(op.pollUrl);
    } catch (error) {
      return this.#pollFailed(op, error);
    } finally {
      budget.release();
    }
    const now = clock.now();
    const plan = planReading({ op, job, now, policy: this.#o.thread });
    if (plan.kind === 'finish') {
      logger.info(
        { operationId: op.id, outcome: plan.outcome, durationMs: plan.durationMs },
        'tracker: operation ended',
      );
      return {
        kind: 'finish',
        end: {
          state: plan.outcome === 'completed' ? 'done' : 'failed',
          status: plan.status,
          lastError: plan.lastError,
          jobStartedAt: plan.jobStartedAt,
          jobFinishedAt: plan.jobFinishedAt,
        },
        messages: plan.messages,
        durationMs: plan.outcome === 'completed' ? plan.durationMs : null,
      };
    }
    if (plan.unknownStatus !== null) {
      logger.warn(
        { operationId: op.id, jobId: op.jobId, rawStatus: plan.unknownStatus },
        'tracker: HostUp sent a job status the bot does not know; still following',
      );
    }
    const jobStartAt = jobStartOf(job) ?? op.jobStartedAt;
    const input = scheduleInputFor(plan.state, { startedAt: op.startedAt, now, jobStartAt, prior });
    const delay = nextPollDelay({ ...input, random: this.#o.random, options: this.#o.schedule });
    return proceed(
      {
        status: plan.status,
        progress: plan.progress,
        progressMessage: plan.progressMessage,
        nextPollAt: now + delay,
        consecutiveFailures: 0,
        lastError: null,
        meta: withTrackerState(op, plan.state),
        ...(jobStartAt !== op.jobStartedAt ? { jobStartedAt: jobStartAt } : {}),
      },
      plan.messages,
    );
  }

  #pollFailed(op: TrackedOperation, error: unknown): FollowStep {
    const { clock, logger, budget } = this.#o;
    const now = clock.now();
    if (error instanceof ProviderError && error.status === 404) {
      const plan = planJobGone({ op, now, error: { code: error.code, requestId: error.requestId ?? null } });
      logger.warn(
        { operationId: op.id, jobId: op.jobId, requestId: error.requestId },
        'tracker: HostUp no longer knows the job',
      );
      return {
        kind: 'finish',
        end: { state: 'failed', status: op.status, lastError: plan.lastError },
        messages: plan.messages,
        durationMs: null,
      };
    }
    // Anything else (5xx, 429, a dropped or stalled connection, an unreadable body) may pass:
    // a poll is a read, so keep the operation and try again later, slower each time.
    const failures = op.consecutiveFailures + 1;
    let delay = failureBackoffDelay(failures, this.#o.random, this.#o.backoff);
    if (error instanceof RateLimitedError) {
      budget.observe({ limit: null, remaining: null, resetAt: null, retryAfterMs: error.retryAfterMs });
      delay = Math.max(delay, error.retryAfterMs);
    }
    const code = error instanceof AppError ? error.code : 'unexpected';
    const message = error instanceof Error ? error.message : String(error);
    const lastError = `${code}: ${message}`.slice(0, 500);
    logger.warn({ operationId: op.id, code, failures, retryInMs: delay }, 'tracker: poll failed, will retry');
    const outage = planPollFailure({
      op,
      now,
      lastError,
      ...(this.#o.outage ? { policy: this.#o.outage } : {}),
    });
    if (outage.messages.length > 0) {
      logger.warn(
        { operationId: op.id, since: outage.state.outageToldSince },
        'tracker: HostUp is not answering; told the thread',
      );
    }
    return proceed(
      {
        nextPollAt: now + delay,
        consecutiveFailures: failures,
        lastError,
        meta: withTrackerState(op, outage.state),
      },
      outage.messages,
    );
  }

  #giveUp(op: TrackedOperation, now: number): FollowStep {
    const plan = planGiveUp({ op, now, followLimitMs: this.#o.followLimitMs });
    this.#o.logger.warn(
      { operationId: op.id, lastStatus: op.status },
      'tracker: gave up following the operation',
    );
    return {
      kind: 'finish',
      end: { state: 'gave_up', status: plan.status, lastError: 'follow_limit_reached' },
      messages: plan.messages,
      durationMs: null,
    };
  }
}

type Continue = Extract<FollowStep, { kind: 'continue' }>;

function proceed(patch: Continue['patch'], messages: Continue['messages'] = []): FollowStep {
  return { kind: 'continue', patch, messages };
}
