import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { AppServerApi } from '../domain/app-server.js';
import { AppError, ProviderError, RateLimitedError, toUserMessage } from '../errors.js';
import type { TrackedOperation } from '../store/store.js';
import { type FollowedServer, isSettled, readRebootMeta } from './app-server-meta.js';
import { planRebootStep, type ServerReading } from './app-server-transitions.js';
import type { FollowContext, FollowStep, OperationFollower } from './follower.js';
import {
  type FailureBackoffOptions,
  failureBackoffDelay,
  nextPollDelay,
  type PollScheduleOptions,
} from './poll-schedule.js';
import type { RateBudget } from './rate-budget.js';

/**
 * Huawei documents no rate-limit headers; a 429 (from the API gateway) pauses every read of this
 * process for this long, so the other servers of the round do not hit the limit as well.
 */
const rateLimitPauseMs = 2_000;

/** A reboot that has not ended after this long is reported as "did not come back". */
export const defaultRebootLimitMs = 15 * 60_000;

export interface AppServerFollowerOptions {
  /** Only `getAppServer` is used. */
  readonly api: Pick<AppServerApi, 'getAppServer'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Huawei's own budget (not HostUp's): one request taken per server read. */
  readonly budget: RateBudget;
  /** Time limit per reboot, from the Confirm. Default 15 min. */
  readonly rebootLimitMs?: number;
  /** [0, 1) for jitter. Default Math.random. */
  readonly random?: () => number;
  readonly schedule?: Partial<PollScheduleOptions>;
  readonly backoff?: Partial<FailureBackoffOptions>;
  /** Servers of one operation read at once. Default 4. */
  readConcurrency?: number;
}

/**
 * Follows a reboot of Huawei app servers. Huawei returns no job, so each step reads every server
 * not yet settled (GET app-servers/{id}), lets `rebootProgress` say what each reading means, and
 * records the round in one transition: the servers' states, a thread reply per change, the root
 * edited, and at the end a summary. The first step is scheduled a little after the Confirm (see
 * AppServerActions), so a server is not read before Huawei has started its reboot.
 */
export class AppServerRebootFollower implements OperationFollower {
  readonly #o: AppServerFollowerOptions;
  readonly #limitMs: number;
  readonly #random: () => number;

  constructor(options: AppServerFollowerOptions) {
    this.#o = options;
    this.#limitMs = options.rebootLimitMs ?? defaultRebootLimitMs;
    this.#random = options.random ?? Math.random;
  }

  get rebootLimitMs(): number {
    return this.#limitMs;
  }

  async step(op: TrackedOperation, ctx: FollowContext): Promise<FollowStep> {
    const { clock, logger } = this.#o;
    const meta = readRebootMeta(op);
    if (!meta) {
      logger.error({ operationId: op.id }, 'tracker: app-server reboot without a readable server list');
      return {
        kind: 'finish',
        end: { state: 'failed', status: op.status, lastError: 'unreadable_operation' },
        messages: [],
        durationMs: null,
      };
    }
    const reads = await this.#readAll(
      meta.servers.filter((s) => !isSettled(s.state)),
      ctx,
    );
    if (reads.kind !== 'read') return { kind: 'abandon', reason: reads.kind };

    const now = clock.now();
    const plan = planRebootStep({ op, meta, readings: reads.readings, now, limitMs: this.#limitMs });
    const nextMeta = { ...(op.meta as object), servers: plan.servers };
    if (plan.end) {
      logger.info(
        { operationId: op.id, outcome: plan.end.state, status: plan.status },
        'tracker: app-server reboot ended',
      );
      return {
        kind: 'finish',
        end: { state: plan.end.state, status: plan.status, lastError: plan.end.lastError },
        messages: plan.messages,
        durationMs: plan.end.state === 'done' ? plan.end.durationMs : null,
        meta: nextMeta,
      };
    }
    const errors = reads.readings.filter((r) => r.kind === 'error');
    const allFailed = reads.readings.length > 0 && errors.length === reads.readings.length;
    const failures = allFailed ? op.consecutiveFailures + 1 : 0;
    const delay = allFailed
      ? Math.max(failureBackoffDelay(failures, this.#random, this.#o.backoff), reads.retryAfterMs)
      : Math.max(
          nextPollDelay({
            elapsedMs: now - op.startedAt,
            // The typical reboot the services looked up, with a middling spread around it.
            prior: op.expectedDurationMs ? { medianMs: op.expectedDurationMs, sigma: 0.4 } : null,
            random: this.#random,
            options: this.#o.schedule ?? {},
          }),
          reads.retryAfterMs,
        );
    if (allFailed) {
      logger.warn(
        { operationId: op.id, failures, retryInMs: delay },
        'tracker: app servers could not be read',
      );
    }
    // Read once more right at the time limit, so "did not come back" is said on time.
    const deadline = op.startedAt + this.#limitMs;
    return {
      kind: 'continue',
      patch: {
        status: plan.status,
        nextPollAt: Math.max(now + 1, Math.min(now + delay, deadline)),
        consecutiveFailures: failures,
        lastError: errors.length > 0 && errors[0]!.kind === 'error' ? errors[0]!.note.slice(0, 500) : null,
        meta: nextMeta,
      },
      messages: plan.messages,
    };
  }

  /** Reads the servers a few at a time, each read budgeted; stops early when stopping or lease lost. */
  async #readAll(
    servers: readonly FollowedServer[],
    ctx: FollowContext,
  ): Promise<
    { kind: 'read'; readings: ServerReading[]; retryAfterMs: number } | { kind: 'stopping' | 'lease_lost' }
  > {
    const readings: ServerReading[] = [];
    let retryAfterMs = 0;
    let halted: 'stopping' | 'lease_lost' | null = null;
    const queue = [...servers];
    const worker = async () => {
      for (let server = queue.shift(); server && !halted; server = queue.shift()) {
        try {
          await this.#o.budget.take(ctx.signal);
        } catch {
          halted = 'stopping';
          return;
        }
        let reading: { reading: ServerReading; retryAfterMs: number };
        try {
          if (!(await ctx.keepLease())) {
            halted = 'lease_lost';
            return;
          }
          reading = await this.#read(server.id);
        } finally {
          // The read has its answer (or never went): it no longer counts as in flight.
          this.#o.budget.release();
        }
        if (reading.retryAfterMs > 0) retryAfterMs = Math.max(retryAfterMs, reading.retryAfterMs);
        readings.push(reading.reading);
      }
    };
    const width = Math.max(1, Math.min(this.#o.readConcurrency ?? 4, servers.length));
    await Promise.all(Array.from({ length: width }, worker));
    if (halted) return { kind: halted };
    return { kind: 'read', readings, retryAfterMs };
  }

  async #read(id: string): Promise<{ reading: ServerReading; retryAfterMs: number }> {
    try {
      const server = await this.#o.api.getAppServer(id);
      return { reading: { id, kind: 'read', server }, retryAfterMs: 0 };
    } catch (error) {
      if (error instanceof ProviderError && error.status === 404) {
        const note = `Huawei no longer knows this server (${error.code}).`;
        return { reading: { id, kind: 'gone', note }, retryAfterMs: 0 };
      }
      // A read may always be tried again: a 5xx, a 429, a dropped connection or an expired token
      // leaves the server as it was until the next round (or the time limit).
      let retryAfterMs = 0;
      if (error instanceof RateLimitedError) retryAfterMs = error.retryAfterMs;
      else if (error instanceof ProviderError && error.status === 429) retryAfterMs = rateLimitPauseMs;
      if (retryAfterMs > 0) {
        this.#o.budget.observe({ limit: null, remaining: null, resetAt: null, retryAfterMs });
      }
      const code = error instanceof AppError ? error.code : 'unexpected';
      this.#o.logger.warn({ serverId: id, code }, 'tracker: reading an app server failed');
      return {
        reading: { id, kind: 'error', note: `could not be read: ${toUserMessage(error)}` },
        retryAfterMs,
      };
    }
  }
}
