import type {
  Notification,
  OperationFinished,
  OperationGaveUp,
  OperationProgress,
  OperationRootRefresh,
  OperationSubject,
} from '../domain/notifications.js';
import type { JobStatus } from '../domain/operation.js';
import type { NewOutboxMessage, TrackedOperation } from '../store/store.js';

/**
 * The outbox messages of an operation's thread. All are 'follow' messages: the outbox fills in
 * the root message's ts when it hands them out, and sends them in enqueue order after the root.
 * Every one carries a dedupe key, so the same news can never be enqueued twice.
 *
 * Within Slack's limits: a progress reply goes last and is dropped when newer news of the same
 * operation is enqueued before it went out (a newer status, the final reply); the final reply goes
 * first and is never dropped; root edits coalesce in the outbox (only the newest is sent).
 */

/** The coalesce key of an operation's progress replies. */
export const progressKey = (opId: string) => `${opId}:progress`;

/** A thread reply for a status change or a progress step. */
export function progressReply(
  op: TrackedOperation,
  subject: OperationSubject,
  args: { status: JobStatus; progress: number | null; message: string | null; dedupeKey: string },
): NewOutboxMessage {
  const payload: OperationProgress = {
    type: 'operation.progress',
    subject,
    status: args.status,
    progress: args.progress,
    message: args.message,
  };
  return {
    kind: 'post',
    channel: op.channel,
    anchor: 'follow',
    payload,
    dedupeKey: args.dedupeKey,
    priority: 'last',
    coalesceKey: progressKey(op.id),
  };
}

/** An edit of the root message so the channel shows the current state at a glance. */
export function rootEdit(
  op: TrackedOperation,
  subject: OperationSubject,
  args: {
    status: JobStatus;
    progress: number | null;
    note: string | null;
    dedupeKey: string;
    /** Provider silent since this time: the root says so ("has not answered since …"). */
    outageSince?: number;
  },
): NewOutboxMessage {
  const payload: OperationRootRefresh = {
    type: 'operation.root-refresh',
    subject,
    status: args.status,
    progress: args.progress,
    note: args.note,
    ...(args.outageSince === undefined ? {} : { phase: 'poll_outage' as const, since: args.outageSince }),
  };
  return { kind: 'update', channel: op.channel, anchor: 'follow', payload, dedupeKey: args.dedupeKey };
}

/** A reply that ends the thread: first in line, never dropped, and it drops unsent progress. */
export function finalReply(op: TrackedOperation, payload: Notification, dedupeKey: string): NewOutboxMessage {
  return {
    kind: 'post',
    channel: op.channel,
    anchor: 'follow',
    payload,
    dedupeKey,
    priority: 'first',
    coalesceKey: null,
    supersedes: progressKey(op.id),
  };
}

export function finishedReply(op: TrackedOperation, payload: OperationFinished): NewOutboxMessage {
  return finalReply(op, payload, `${op.id}:finished`);
}

export function gaveUpReply(op: TrackedOperation, payload: OperationGaveUp): NewOutboxMessage {
  return finalReply(op, payload, `${op.id}:gave-up`);
}

export const dedupeKeys = {
  status: (opId: string, status: string) => `${opId}:status:${status}`,
  progressStep: (opId: string, percent: number) => `${opId}:progress:${percent}`,
  rootStatus: (opId: string, status: string) => `${opId}:root:${status}`,
  rootProgress: (opId: string, status: string, progress: number) => `${opId}:root:${status}:${progress}`,
  rootFinal: (opId: string) => `${opId}:root:final`,
  outage: (opId: string, since: number) => `${opId}:outage:${since}`,
  rootOutage: (opId: string, since: number) => `${opId}:root:outage:${since}`,
  rootBack: (opId: string, since: number) => `${opId}:root:back:${since}`,
};
