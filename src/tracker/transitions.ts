import type { JobState } from '../domain/operation.js';
import type { NewOutboxMessage, TrackedOperation } from '../store/store.js';
import { asJobStatus, type FinishPlan, planFinish } from './finish-plans.js';
import { observeProgress } from './progress-memory.js';
import { dedupeKeys, progressReply, rootEdit } from './thread-messages.js';
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
    runStartAt: job.startedAt ?? null,
    startedAt: op.startedAt,
  });
  let state: TrackerState = {
    ...before,
    ...memory,
    lastReadAt: now,
    failingSince: null,
    outageToldSince: null,
  };
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

  // HostUp answers again after the thread was told it did not: the root shows the real status.
  if (before.outageToldSince !== null && !messages.some((m) => m.kind === 'update')) {
    messages.push(
      rootEdit(op, subject, {
        status: asJobStatus(status),
        progress,
        note: job.message,
        dedupeKey: dedupeKeys.rootBack(op.id, before.outageToldSince),
      }),
    );
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
