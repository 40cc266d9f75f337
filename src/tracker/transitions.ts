import type { OperationFinished, OperationGaveUp } from '../domain/notifications.js';
import type { JobState, JobStatus } from '../domain/operation.js';
import type { NewOutboxMessage, TrackedOperation } from '../store/store.js';
import { observeProgress } from './progress-memory.js';
import { dedupeKeys, finishedReply, gaveUpReply, progressReply, rootEdit } from './thread-messages.js';
import { readSubject, readTrackerState, type TrackerState } from './tracker-meta.js';

/**
 * The pure half of the tracker: given an operation and one reading of its job, what changed and
 * what the thread should hear. No I/O, no clock: `now` is passed in.
 */

/** How chatty a thread may be. */
export interface ThreadPolicy {
  /** A progress reply is sent at most once per step of this many percentage points. */
  readonly progressStepPct: number;
  /** …and not more often than this (status changes are never throttled). */
  readonly progressReplyEveryMs: number;
  /** The root message may follow progress more closely, but not more often than this. */
  readonly rootEditEveryMs: number;
}

/**
 * The 25 % steps already cap a job at four progress replies, however long it runs; the time
 * floor only keeps a thread within Slack's one post per second per channel. (It was 30 s, which
 * left a job shorter than that with its first step only.)
 */
export const defaultThreadPolicy: ThreadPolicy = {
  progressStepPct: 25,
  progressReplyEveryMs: 1_000,
  rootEditEveryMs: 10_000,
};

export interface ContinuePlan {
  readonly kind: 'continue';
  readonly status: string | null;
  readonly progress: number | null;
  readonly progressMessage: string | null;
  readonly state: TrackerState;
  readonly messages: NewOutboxMessage[];
  /** A status the bot does not know, to log (only the first time per operation). */
  readonly unknownStatus: string | null;
}

export interface FinishPlan {
  readonly kind: 'finish';
  readonly outcome: 'completed' | 'failed';
  readonly status: string;
  readonly durationMs: number;
  readonly lastError: string | null;
  readonly messages: NewOutboxMessage[];
}

const jobStatuses: ReadonlySet<string> = new Set(['pending', 'queued', 'in_progress', 'completed', 'failed']);

/** The stored status as a JobStatus ('unknown' for anything else). */
export function asJobStatus(status: string | null): JobStatus {
  return status !== null && jobStatuses.has(status) ? (status as JobStatus) : 'unknown';
}

/** pending and queued both mean "waiting": moving between them is not news for the thread. */
const phase = (status: string | null) => (status === 'pending' ? 'queued' : status);

/** What one successful reading of the job means for the operation and its thread. */
export function planReading(args: {
  op: TrackedOperation;
  job: JobState;
  now: number;
  policy?: ThreadPolicy;
}): ContinuePlan | FinishPlan {
  const { op, job, now } = args;
  const policy = args.policy ?? defaultThreadPolicy;
  if (job.terminal) return planFinish(op, job, now);

  const subject = readSubject(op);
  const before = readTrackerState(op);
  const known = job.status !== 'unknown';
  const status = known ? job.status : op.status;
  const progress = job.progress ?? (known ? null : op.progress);
  const memory = observeProgress(before, {
    status: job.status,
    progress: job.progress,
    now,
    previousPollAt: before.lastReadAt ?? op.startedAt,
  });
  let state: TrackerState = { ...before, ...memory, lastReadAt: now };
  const messages: NewOutboxMessage[] = [];

  if (known && phase(job.status) !== phase(op.status)) {
    messages.push(
      progressReply(op, subject, {
        status: job.status,
        progress,
        message: job.message,
        dedupeKey: dedupeKeys.status(op.id, job.status),
      }),
      rootEdit(op, subject, {
        status: job.status,
        progress,
        note: job.message,
        dedupeKey: dedupeKeys.rootStatus(op.id, job.status),
      }),
    );
    state = {
      ...state,
      lastReplyAt: now,
      lastReplyStep: progress === null ? 0 : Math.floor(progress / policy.progressStepPct),
      lastRootEditAt: now,
      rootProgress: progress,
    };
  } else if (job.status === 'in_progress' && progress !== null) {
    const step = Math.floor(progress / policy.progressStepPct);
    if (
      step > (state.lastReplyStep ?? 0) &&
      now - (state.lastReplyAt ?? op.startedAt) >= policy.progressReplyEveryMs
    ) {
      messages.push(
        progressReply(op, subject, {
          status: job.status,
          progress,
          message: job.message,
          dedupeKey: dedupeKeys.progressStep(op.id, step * policy.progressStepPct),
        }),
      );
      state = { ...state, lastReplyAt: now, lastReplyStep: step };
    }
    if (
      progress !== state.rootProgress &&
      now - (state.lastRootEditAt ?? op.startedAt) >= policy.rootEditEveryMs
    ) {
      messages.push(
        rootEdit(op, subject, {
          status: job.status,
          progress,
          note: job.message,
          dedupeKey: dedupeKeys.rootProgress(op.id, job.status, progress),
        }),
      );
      state = { ...state, lastRootEditAt: now, rootProgress: progress };
    }
  }

  const unknownStatus = !known && !state.unknownLogged ? (job.rawStatus ?? '(none)') : null;
  if (!known) state = { ...state, unknownLogged: true };
  return {
    kind: 'continue',
    status,
    progress,
    progressMessage: job.message ?? (known ? null : op.progressMessage),
    state,
    messages,
    unknownStatus,
  };
}

function planFinish(op: TrackedOperation, job: JobState, now: number): FinishPlan {
  const subject = readSubject(op);
  const outcome = job.failed ? 'failed' : 'completed';
  const error =
    outcome === 'failed'
      ? { code: job.error?.code ?? null, detail: job.error?.detail ?? null, requestId: job.requestId }
      : null;
  // The documented escalation for a graceful restart that did not work is a forced one: offer it.
  const offerForceRestart =
    outcome === 'failed' && subject.action === 'restart' && subject.force !== true
      ? { vpsId: op.targetId }
      : null;
  return finish(op, now, { outcome, error, offerForceRestart, progress: job.progress ?? op.progress });
}

/** HostUp answered 404 for the pollUrl: the job is gone, so the operation ends as failed. */
export function planJobGone(args: {
  op: TrackedOperation;
  now: number;
  error: { code: string; requestId: string | null };
}): FinishPlan {
  const { op } = args;
  const job = op.jobId ?? op.pollUrl ?? '(no id)';
  const detail =
    `HostUp no longer knows job ${job}, so its outcome cannot be read. ` +
    `Check ${op.targetName}'s state before trying again.`;
  return finish(op, args.now, {
    outcome: 'failed',
    error: { code: args.error.code, detail, requestId: args.error.requestId },
    offerForceRestart: null,
    progress: op.progress,
  });
}

function finish(
  op: TrackedOperation,
  now: number,
  args: Pick<OperationFinished, 'outcome' | 'error' | 'offerForceRestart'> & { progress: number | null },
): FinishPlan {
  const subject = readSubject(op);
  const durationMs = Math.max(0, now - op.startedAt);
  const payload: OperationFinished = {
    type: 'operation.finished',
    subject,
    outcome: args.outcome,
    durationMs,
    error: args.error,
    offerForceRestart: args.offerForceRestart,
  };
  const note = args.outcome === 'failed' ? (args.error?.detail ?? 'HostUp reported a failure.') : null;
  return {
    kind: 'finish',
    outcome: args.outcome,
    status: args.outcome,
    durationMs,
    lastError: args.outcome === 'failed' ? (args.error?.code ?? 'job_failed') : null,
    messages: [
      finishedReply(op, payload),
      rootEdit(op, subject, {
        status: args.outcome,
        progress: args.progress,
        note,
        dedupeKey: dedupeKeys.rootFinal(op.id),
      }),
    ],
  };
}

/** The operation outlived the follow limit: stop, and tell the thread how to check later. */
export function planGiveUp(args: { op: TrackedOperation; now: number; followLimitMs: number }): {
  readonly status: string | null;
  readonly messages: NewOutboxMessage[];
} {
  const { op, now } = args;
  const subject = readSubject(op);
  const limit = describeSpan(args.followLimitMs);
  const payload: OperationGaveUp = {
    type: 'operation.gave-up',
    subject,
    lastStatus: op.status,
    followedForMs: Math.max(0, now - op.startedAt),
    reason: `HostUp had not finished it within ${limit}`,
  };
  return {
    status: op.status,
    messages: [
      gaveUpReply(op, payload),
      rootEdit(op, subject, {
        status: asJobStatus(op.status),
        progress: op.progress,
        note: `No longer followed after ${limit}: the job may still finish.`,
        dedupeKey: dedupeKeys.rootFinal(op.id),
      }),
    ],
  };
}

/** "2 h", "90 min", "45 s". */
export function describeSpan(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
}
