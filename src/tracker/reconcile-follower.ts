import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { ActionRequest } from '../domain/action-request.js';
import type { Observation } from '../domain/observation.js';
import type { ErrorInfo } from '../domain/refusals.js';
import { errorInfo } from '../errors.js';
import type { Providers } from '../services/acting/executor.js';
import { executorFor } from '../services/acting/executors.js';
import type { NewOutboxMessage, Store, TrackedOperation } from '../store/store.js';
import type { FollowContext, FollowStep, OperationFollower } from './follower.js';
import { finalReply } from './thread-messages.js';
import { readSubject } from './tracker-meta.js';

export interface ReconcileFollowerOptions {
  readonly store: Store;
  readonly providers: Providers;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How often the server is read while it still shows work under way. Default 5 s. */
  readonly everyMs?: number;
  /** How long to wait for that work to end before saying what is known. Default 10 min. */
  readonly limitMs?: number;
  /** Failed reads before saying the state could not be read. Default 5. */
  readonly maxReadFailures?: number;
}

/**
 * For operations whose acting call's answer never arrived: the caller died mid-call (phase
 * 'calling' with its lease run out), or the call ended in a timeout, a 5xx or an unreadable body
 * (phase 'reconciling'). It never calls the provider's acting route: it closes the journal entry
 * as 'unknown', reads the server's live state until no work is under way, and tells the thread
 * exactly what it knows: "I asked HostUp to restart web-01 at 12:03 and stopped before its answer;
 * HostUp now shows web-01 running, no task pending. Nothing was repeated."
 */
export class ReconcileFollower implements OperationFollower {
  readonly #o: Required<Omit<ReconcileFollowerOptions, 'logger'>> & { logger: Logger };

  constructor(options: ReconcileFollowerOptions) {
    this.#o = { everyMs: 5_000, limitMs: 10 * 60_000, maxReadFailures: 5, ...options };
  }

  async step(op: TrackedOperation, ctx: FollowContext): Promise<FollowStep> {
    const { store, clock, logger } = this.#o;
    const request = requestOfOperation(op);
    const now = clock.now();
    if (op.phase === 'calling') {
      // The process that made the call is gone: what it sent is unknown, and stays unknown.
      for (const call of await store.listCalls(op.id)) {
        if (call.state === 'calling') {
          await store.recordCallEnd(call.id, { state: 'unknown', result: { lost: 'caller_stopped' }, now });
        }
      }
      logger.warn(
        { operationId: op.id, correlationId: op.correlationId },
        'reconciling an acting call whose caller stopped before its answer',
      );
      await store.appendAudit({
        actor: 'system',
        action: op.action,
        target: op.targetId,
        outcome: 'unknown',
        detail: { vpsName: op.targetName, operationId: op.id, why: 'caller_stopped' },
        correlationId: op.correlationId,
      });
      return { kind: 'continue', patch: { phase: 'reconciling', nextPollAt: now }, messages: [] };
    }
    if (!request)
      return this.#finish(
        op,
        null,
        {
          kind: 'app',
          code: 'request_unreadable',
          provider: null,
          status: null,
          detail: null,
          requestId: null,
        },
        false,
      );
    if (!(await ctx.keepLease())) return { kind: 'abandon', reason: 'lease_lost' };

    const executor = executorFor(request);
    let observation: Observation;
    try {
      observation = await executor.observe(this.#o.providers, request);
    } catch (error) {
      const failures = op.consecutiveFailures + 1;
      if (failures < this.#o.maxReadFailures) {
        return {
          kind: 'continue',
          patch: {
            consecutiveFailures: failures,
            nextPollAt: now + this.#o.everyMs * failures,
            lastError: errorInfo(error).code,
          },
          messages: [],
        };
      }
      return this.#finish(op, null, errorInfo(error), false);
    }
    const busy = executor.busy(observation);
    if (busy && now - op.startedAt < this.#o.limitMs) {
      return {
        kind: 'continue',
        patch: { consecutiveFailures: 0, nextPollAt: now + this.#o.everyMs },
        messages: [],
      };
    }
    return this.#finish(op, observation, null, busy);
  }

  async #finish(
    op: TrackedOperation,
    observation: Observation | null,
    observeError: ErrorInfo | null,
    stillBusy: boolean,
  ): Promise<FollowStep> {
    // An operation of several steps made several calls: the one whose answer is missing is the last.
    const calls = await this.#o.store.listCalls(op.id);
    const first = calls[calls.length - 1];
    const callError = (first?.result as { error?: ErrorInfo | null } | null)?.error ?? null;
    const subject = readSubject(op);
    const messages: NewOutboxMessage[] = [
      finalReply(
        op,
        {
          type: 'operation.outcome-unknown',
          subject,
          calledAt: first?.calledAt ?? op.startedAt,
          error: callError,
          observation,
          observeError,
          stillBusy,
        },
        `${op.id}:final`,
      ),
      {
        kind: 'update',
        channel: op.channel,
        anchor: 'follow',
        payload: {
          type: 'operation.root-refresh',
          subject,
          status: 'unknown',
          progress: null,
          note: null,
          phase: 'unknown',
        },
        dedupeKey: `${op.id}:root:final`,
      },
    ];
    return {
      kind: 'finish',
      end: { state: 'gave_up', outcome: 'unknown', status: op.status, lastError: 'outcome_unknown' },
      messages,
      durationMs: null,
    };
  }
}

/** The request the pipeline stored with the operation. */
export function requestOfOperation(op: TrackedOperation): ActionRequest | null {
  const request = (op.meta as { request?: ActionRequest } | null)?.request;
  return request && typeof request === 'object' && typeof request.kind === 'string' ? request : null;
}
