import type {
  AppServerRebootRoot,
  AppServerRebootSummary,
  NotRebooted,
} from '../domain/app-server-notifications.js';
import type { Notification } from '../domain/notifications.js';
import {
  afterStep,
  currentStep,
  type OperationSteps,
  recordStep,
  remainingServers,
} from '../domain/operation-steps.js';
import type { ErrorInfo, Refusal } from '../domain/refusals.js';
import type { OperationStepEnded } from '../domain/step-notifications.js';
import type { NewOutboxMessage, TrackedOperation } from '../store/store.js';
import { countStates, readRebootMeta } from './app-server-meta.js';
import type { ContinueOrFinish } from './follower.js';
import { dedupeKeys, rootEdit } from './thread-messages.js';
import { readSubject } from './tracker-meta.js';

/**
 * The pure half of operations of several steps: what a step's end means for the operation (the
 * next step is owed, a person is asked, or it stops) and what the thread hears. No I/O, no clock.
 */

const post = (op: TrackedOperation, payload: Notification, dedupeKey: string): NewOutboxMessage => ({
  kind: 'post',
  channel: op.channel,
  anchor: 'follow',
  payload,
  dedupeKey,
});

export const stepSubjectOf = (op: TrackedOperation) => ({
  operationId: op.id,
  provider: op.provider,
  requester: op.requester,
  targetName: op.targetName,
});

/** The current step ended (its job or its servers settled, or its call was refused). */
export function planStepEnd(args: {
  op: TrackedOperation;
  steps: OperationSteps;
  outcome: 'done' | 'failed';
  error: ErrorInfo | null;
  durationMs: number | null;
  now: number;
  /** How long a person has to choose after a failed chunk. */
  pauseMs: number;
}): ContinueOrFinish {
  const { op, steps, now } = args;
  const move = afterStep(steps, args.outcome);
  const step = currentStep(steps);
  const next = move.kind === 'end' ? 'stop' : move.kind;
  const recorded = recordStep(
    steps,
    { outcome: args.outcome, error: args.error, durationMs: args.durationMs },
    move,
    { until: now + args.pauseMs },
  );
  const payload: OperationStepEnded = {
    type: 'operation.step-ended',
    subject: stepSubjectOf(op),
    role: step.role,
    outcome: args.outcome,
    next,
    ...(step.request.kind === 'snapshot' ? { snapshotName: step.request.name } : {}),
    ...(step.request.kind === 'appserver-reboot' ? { servers: step.request.servers.map((s) => s.name) } : {}),
    remaining: remainingServers(steps).length,
    error: args.error,
    safetyPoint: steps.safetyPoint,
    durationMs: args.durationMs,
    ...(next === 'pause' ? { pausedUntil: recorded.pausedUntil } : {}),
  };
  // The next step starts with a fresh job reading: nothing of this one's throttling carries over.
  const meta = { ...(op.meta as object), steps: recorded, tracker: undefined };
  const reply = post(op, payload, `${op.id}:step:${steps.at}:${next}`);
  if (next === 'call') {
    return {
      kind: 'continue',
      patch: { phase: 'next_call', nextPollAt: now, status: null, progress: null, meta, lastError: null },
      messages: [reply],
    };
  }
  if (next === 'pause') {
    return {
      kind: 'continue',
      patch: { phase: 'paused', nextPollAt: now + args.pauseMs, meta },
      messages: [reply],
    };
  }
  return {
    kind: 'finish',
    end: { state: 'failed', status: 'failed', lastError: 'safety_point_failed' },
    messages: [reply, finalRoot(op, 'failed', recorded)],
    durationMs: null,
  };
}

/** The live checks refused the next step: nothing more is called, and the thread says why. */
export function planStepRefused(
  op: TrackedOperation,
  steps: OperationSteps,
  refusal: Refusal,
): ContinueOrFinish {
  const step = currentStep(steps);
  const payload: OperationStepEnded = {
    type: 'operation.step-ended',
    subject: stepSubjectOf(op),
    role: step.role,
    outcome: 'failed',
    next: 'stop',
    refusal,
    remaining: remainingServers(steps).length,
  };
  return {
    kind: 'finish',
    end: { state: 'failed', outcome: 'refused', status: null, lastError: refusal.code },
    messages: [post(op, payload, `${op.id}:step:${steps.at}:refused`), finalRoot(op, 'failed', steps, true)],
    durationMs: null,
  };
}

/** A paused operation ends without its other steps: `by` chose to stop, or (null) nobody chose in time. */
export function planStepsStopped(args: {
  op: TrackedOperation;
  steps: OperationSteps;
  by: string | null;
  now: number;
  rebootLimitMs: number;
}): ContinueOrFinish {
  const { op, steps } = args;
  const notCalled = remainingServers(steps).map((s) => s.name);
  const messages: NewOutboxMessage[] = [
    post(
      op,
      { type: 'operation.steps-stopped', subject: stepSubjectOf(op), by: args.by, notCalled },
      `${op.id}:steps-stopped`,
    ),
  ];
  const meta = readRebootMeta(op);
  if (meta) {
    const summary: AppServerRebootSummary = {
      type: 'appserver-reboot.summary',
      subject: meta.subject,
      back: meta.servers.filter((s) => s.state === 'back').map((s) => s.name),
      failed: meta.servers.filter((s) => s.state === 'failed').map(line),
      timedOut: meta.servers.filter((s) => s.state === 'timed_out').map(line),
      notRebooted: [...meta.notRebooted, ...skipped(steps)],
      limitMs: args.rebootLimitMs,
      durationMs: Math.max(0, args.now - op.startedAt),
    };
    messages.push(post(op, summary, `${op.id}:summary`));
  }
  messages.push(finalRoot(op, 'failed', steps));
  return {
    kind: 'finish',
    end: {
      state: 'failed',
      status: 'stopped',
      lastError: args.by ? 'stopped_by_person' : 'no_choice_in_time',
    },
    messages,
    durationMs: null,
  };
}

const line = (s: {
  name: string;
  vmStatus: string | null;
  taskStatus: string | null;
  note: string | null;
}) => ({
  name: s.name,
  vmStatus: s.vmStatus,
  taskStatus: s.taskStatus,
  note: s.note,
});

/** The servers of steps never called, as the summary lists them ("not sent after that failure"). */
function skipped(steps: OperationSteps): NotRebooted[] {
  return remainingServers(steps).map((s) => ({
    id: s.id,
    name: s.name,
    why: 'skipped',
    mayHaveActed: false,
    error: null,
  }));
}

/** The root as it reads once an operation of several steps stopped before its last one. */
function finalRoot(
  op: TrackedOperation,
  status: 'failed',
  steps: OperationSteps,
  refused = false,
): NewOutboxMessage {
  const meta = readRebootMeta(op);
  if (meta) {
    const payload: AppServerRebootRoot = {
      type: 'appserver-reboot.root',
      subject: meta.subject,
      counts: countStates(meta.servers),
      notRebooted: [...meta.notRebooted, ...skipped(steps)],
      finished: true,
    };
    return {
      kind: 'update',
      channel: op.channel,
      anchor: 'follow',
      payload,
      dedupeKey: dedupeKeys.rootFinal(op.id),
    };
  }
  // The root names the whole action again ("asked to restore web-01"), not the step that stopped it.
  const { step: _, ...subject } = { ...readSubject(op), action: op.action };
  const edit = rootEdit(op, subject, {
    status,
    progress: null,
    note: null,
    dedupeKey: dedupeKeys.rootFinal(op.id),
  });
  return refused ? { ...edit, payload: { ...(edit.payload as object), phase: 'refused' } } : edit;
}
