import { z } from 'zod';
import type { OperationSubject } from '../domain/notifications.js';
import type { TrackedOperation } from '../store/store.js';
import { emptyProgressMemory, type ProgressMemory } from './progress-memory.js';

/**
 * What the tracker keeps between polls, under `meta.tracker` of the operation (the rest of `meta`,
 * e.g. the `subject` the services stored, is left as it is). Polls can land on any worker, so
 * everything that throttles replies lives here, in the database, not in memory.
 */
export interface TrackerState extends ProgressMemory {
  /** When the job was last read successfully (progress changes are dated against it). */
  readonly lastReadAt: number | null;
  /** When the last thread reply (status change or progress step) was enqueued. */
  readonly lastReplyAt: number | null;
  /** The 25-point progress step (0..4) the thread last heard about. */
  readonly lastReplyStep: number | null;
  readonly lastRootEditAt: number | null;
  /** The progress the root message last showed. */
  readonly rootProgress: number | null;
  /** An unrecognised status was already logged for this operation. */
  readonly unknownLogged: boolean;
  /** The first poll was planned (and deferred) from what the action usually takes. */
  readonly planned: boolean;
  /** The first failed poll since the last good answer (null: the last poll was answered). */
  readonly failingSince: number | null;
  /** The thread was told HostUp stopped answering, for the outage that began then. */
  readonly outageToldSince: number | null;
}

export const initialTrackerState: TrackerState = {
  ...emptyProgressMemory,
  lastReadAt: null,
  lastReplyAt: null,
  lastReplyStep: null,
  lastRootEditAt: null,
  rootProgress: null,
  unknownLogged: false,
  planned: false,
  failingSince: null,
  outageToldSince: null,
};

const nullableNumber = z.number().nullable().catch(null);

const stateSchema = z
  .object({
    waitingSeenAt: nullableNumber,
    runningSeenAt: nullableNumber,
    progress: nullableNumber,
    progressAt: nullableNumber,
    step: nullableNumber,
    endLow: nullableNumber,
    endHigh: nullableNumber,
    lastReadAt: nullableNumber,
    lastReplyAt: nullableNumber,
    lastReplyStep: nullableNumber,
    lastRootEditAt: nullableNumber,
    rootProgress: nullableNumber,
    unknownLogged: z.boolean().catch(false),
    planned: z.boolean().catch(false),
    failingSince: nullableNumber,
    outageToldSince: nullableNumber,
  })
  .catch(initialTrackerState);

// Loose: the subject carries optional parts (e.g. who approved a restore) the root must keep showing.
const subjectSchema = z.looseObject({
  operationId: z.string(),
  provider: z.enum(['hostup', 'huawei']),
  requester: z.string(),
  action: z.string(),
  verbPast: z.string().optional(),
  targetName: z.string(),
  jobId: z.string().nullable(),
  force: z.boolean().optional(),
});

function metaObject(meta: unknown): Record<string, unknown> {
  return typeof meta === 'object' && meta !== null && !Array.isArray(meta)
    ? (meta as Record<string, unknown>)
    : {};
}

export function readTrackerState(op: TrackedOperation): TrackerState {
  const raw = metaObject(op.meta).tracker;
  return raw === undefined ? initialTrackerState : stateSchema.parse(raw);
}

/** The operation's meta with `state` in place of the previous tracker state. */
export function withTrackerState(op: TrackedOperation, state: TrackerState): Record<string, unknown> {
  return { ...metaObject(op.meta), tracker: state };
}

/**
 * The subject the services stored when they created the operation (`meta.subject`); rebuilt from
 * the operation's own columns when it is missing or unreadable, so a message still goes out.
 */
export function readSubject(op: TrackedOperation): OperationSubject {
  const meta = metaObject(op.meta);
  const parsed = subjectSchema.safeParse(meta.subject);
  if (parsed.success) return parsed.data;
  const request = meta.request as OperationSubject['request'] | undefined;
  const approval = meta.approval as OperationSubject['approval'] | undefined;
  return {
    operationId: op.id,
    provider: op.provider,
    requester: op.requester,
    action: op.action,
    targetName: op.targetName,
    jobId: op.jobId,
    ...(request && typeof request === 'object' ? { request } : {}),
    ...(approval && typeof approval === 'object' ? { approval } : {}),
  };
}
