import type { OperationFinished, OperationGaveUp } from '../domain/notifications.js';
import type { JobState, JobStatus } from '../domain/operation.js';
import type { NewOutboxMessage, TrackedOperation } from '../store/store.js';
import { dedupeKeys, finishedReply, gaveUpReply, rootEdit } from './thread-messages.js';
import { readSubject } from './tracker-meta.js';

/**
 * How an operation's thread ends: a job that finished (or failed), a job HostUp no longer knows,
 * an operation followed past the limit. Pure: `now` is passed in.
 */

/** The stored status as a JobStatus ('unknown' for anything else). */
const jobStatuses: ReadonlySet<string> = new Set(['pending', 'queued', 'in_progress', 'completed', 'failed']);

export function asJobStatus(status: string | null): JobStatus {
  return status !== null && jobStatuses.has(status) ? (status as JobStatus) : 'unknown';
}

export interface FinishPlan {
  readonly kind: 'finish';
  readonly outcome: 'completed' | 'failed';
  readonly status: string;
  /** How long the job took: by its own clock when it reports one, else as the bot saw it. */
  readonly durationMs: number;
  /** The job's own start and end (epoch ms), when it reports them. */
  readonly jobStartedAt: number | null;
  readonly jobFinishedAt: number | null;
  readonly lastError: string | null;
  readonly messages: NewOutboxMessage[];
}

/** When the job's own clock started: running, else created (null when it reports neither). */
export function jobStartOf(job: Pick<JobState, 'startedAt' | 'createdAt'>): number | null {
  return job.startedAt ?? job.createdAt ?? null;
}

/** The job's duration by its own clock (finishedAt − start), when it reports both. */
function jobDurationOf(job: JobState): number | null {
  const start = jobStartOf(job);
  return start !== null && job.finishedAt !== undefined && job.finishedAt >= start
    ? job.finishedAt - start
    : null;
}

export function planFinish(op: TrackedOperation, job: JobState, now: number): FinishPlan {
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
  return finish(op, now, {
    outcome,
    error,
    offerForceRestart,
    progress: job.progress ?? op.progress,
    durationMs: jobDurationOf(job),
    jobStartedAt: jobStartOf(job),
    jobFinishedAt: job.finishedAt ?? null,
  });
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
    durationMs: null,
    jobStartedAt: op.jobStartedAt,
    jobFinishedAt: null,
  });
}

function finish(
  op: TrackedOperation,
  now: number,
  args: Pick<OperationFinished, 'outcome' | 'error' | 'offerForceRestart'> &
    Pick<FinishPlan, 'jobStartedAt' | 'jobFinishedAt'> & {
      progress: number | null;
      durationMs: number | null;
    },
): FinishPlan {
  const subject = readSubject(op);
  const durationMs = args.durationMs ?? Math.max(0, now - op.startedAt);
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
    jobStartedAt: args.jobStartedAt,
    jobFinishedAt: args.jobFinishedAt,
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
