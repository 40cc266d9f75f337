import type {
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
 */

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
  return { kind: 'post', channel: op.channel, anchor: 'follow', payload, dedupeKey: args.dedupeKey };
}

/** An edit of the root message so the channel shows the current state at a glance. */
export function rootEdit(
  op: TrackedOperation,
  subject: OperationSubject,
  args: { status: JobStatus; progress: number | null; note: string | null; dedupeKey: string },
): NewOutboxMessage {
  const payload: OperationRootRefresh = {
    type: 'operation.root-refresh',
    subject,
    status: args.status,
    progress: args.progress,
    note: args.note,
  };
  return { kind: 'update', channel: op.channel, anchor: 'follow', payload, dedupeKey: args.dedupeKey };
}

export function finishedReply(op: TrackedOperation, payload: OperationFinished): NewOutboxMessage {
  return { kind: 'post', channel: op.channel, anchor: 'follow', payload, dedupeKey: `${op.id}:finished` };
}

export function gaveUpReply(op: TrackedOperation, payload: OperationGaveUp): NewOutboxMessage {
  return { kind: 'post', channel: op.channel, anchor: 'follow', payload, dedupeKey: `${op.id}:gave-up` };
}

export const dedupeKeys = {
  status: (opId: string, status: string) => `${opId}:status:${status}`,
  progressStep: (opId: string, percent: number) => `${opId}:progress:${percent}`,
  rootStatus: (opId: string, status: string) => `${opId}:root:${status}`,
  rootProgress: (opId: string, status: string, progress: number) => `${opId}:root:${status}:${progress}`,
  rootFinal: (opId: string) => `${opId}:root:final`,
};
