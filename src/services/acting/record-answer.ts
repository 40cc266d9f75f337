import { actionInfo } from '../../domain/action-catalogue.js';
import { requestTarget } from '../../domain/action-request.js';
import type { Notification } from '../../domain/notifications.js';
import { currentStep, isLastStep, stepsOf } from '../../domain/operation-steps.js';
import { planStepEnd } from '../../tracker/step-transitions.js';
import type { ActingDeps } from './acting-deps.js';
import { type Answer, type AnswerSummary, classifyAnswer, summaryOf } from './classify-answer.js';
import { approvalOf, appServerSubject, vpsSubject } from './operation-setup.js';
import { recordRebooting } from './record-reboot.js';
import { type AnswerArgs, follow, type Recording } from './recording.js';

export type { AnswerSummary } from './classify-answer.js';
export type { AnsweredOrigin } from './recording.js';

/** How long a person has to choose after a failed chunk of a canary reboot. */
export const pauseMs = 60 * 60_000;

/**
 * Records what the acting call came back with, in one commit: the journal entry is closed, the
 * operation moves on (followed, finished, or handed to reconciliation), its thread hears it, and
 * the audit trail has it. If this process lost the operation meanwhile (its lease ran out), the
 * one that took it over reconciles it; nothing here calls the provider.
 */
export async function recordAnswer(deps: ActingDeps, args: AnswerArgs): Promise<AnswerSummary> {
  const answer = classifyAnswer(args.answer);
  const op = args.operation;
  const now = deps.clock.now();
  const approval =
    args.origin.kind === 'approval'
      ? approvalOf(args.origin.approval, now)
      : args.origin.kind === 'step'
        ? args.origin.approval
        : null;
  const target = requestTarget(args.request);
  // An operation of several steps: this answer is its current step's.
  const steps = stepsOf(op.meta);
  const step = steps ? currentStep(steps) : null;
  const recorded = await deps.store.transaction((tx) =>
    record(answer, {
      tx,
      deps,
      args,
      op,
      now,
      approval,
      steps,
      meta: {
        ...(op.meta as object),
        request: args.request,
        ...(approval ? { approval, approvalId: approval.approvalId } : {}),
        ...(steps ? { steps: { ...steps, stepStartedAt: now } } : {}),
      },
      key: (k) => (steps && steps.at > 0 ? `${k}~${steps.at}` : k),
      subject: (jobId) =>
        vpsSubject({
          operationId: op.id,
          request: args.request,
          requester: args.requester,
          jobId,
          approval,
          steps,
        }),
      audit: (outcome, extra) =>
        tx.appendAudit({
          actor: args.executor,
          action: actionInfo(step?.request ?? args.request).auditName,
          target: target.id,
          outcome,
          detail: {
            vpsName: target.name,
            operationId: op.id,
            request: args.request,
            ...(step ? { step: step.role, stepRequest: step.request } : {}),
            ...(approval ? { approvalId: approval.approvalId, approvers: approval.approvers } : {}),
            ...extra,
          },
          correlationId: args.correlationId,
        }),
    }),
  );
  if (!recorded) {
    deps.logger.warn(
      { operationId: op.id, answer: answer.kind, correlationId: args.correlationId },
      'the operation was taken over before its answer was recorded; it will be reconciled',
    );
  }
  return summaryOf(answer);
}

function record(answer: Answer, r: Recording): Promise<boolean> {
  switch (answer.kind) {
    case 'queued':
      return recordQueued(r, answer.job);
    case 'done':
      return recordHostname(r, answer.result);
    case 'rebooting':
      return recordRebooting(r, answer.accepted, answer.notRebooted);
    case 'refused':
      return recordRefused(r, answer);
    case 'unknown':
      return recordUnknown(r, answer);
  }
}

/** HostUp queued a job: the operation is followed from now on (due soon, lease handed back). */
async function recordQueued(r: Recording, job: Extract<Answer, { kind: 'queued' }>['job']): Promise<boolean> {
  const { tx, op, args, now } = r;
  await tx.recordCallEnd(args.call.id, { state: 'answered', result: { jobId: job.jobId }, now });
  const subject = r.subject(job.jobId);
  const ok = await tx.recordPoll(
    op.id,
    r.deps.owner,
    {
      phase: 'following',
      jobId: job.jobId,
      pollUrl: job.pollUrl,
      status: job.status,
      nextPollAt: now + r.deps.firstPollMs.hostup,
      meta: { ...r.meta, subject },
    },
    [
      follow(
        op,
        { type: 'operation.root-refresh', subject, status: job.status, progress: null, note: null },
        r.key('root:queued'),
        'update',
      ),
    ],
  );
  if (ok) await r.audit('executed', { jobId: job.jobId });
  return ok;
}

/** The hostname changed at once (no job): the operation ends with the result in its thread. */
async function recordHostname(
  r: Recording,
  result: Extract<Answer, { kind: 'done' }>['result'],
): Promise<boolean> {
  const { tx, op, args, now } = r;
  await tx.recordCallEnd(args.call.id, { state: 'answered', result: { hostname: result.hostname }, now });
  const reverseDns = result.reverseDns
    ? {
        ...result.reverseDns,
        restoredIps: [...result.reverseDns.restoredIps],
        failedIps: [...result.reverseDns.failedIps],
      }
    : null;
  const ok = await tx.completeOperation(
    op.id,
    r.deps.owner,
    { state: 'done', status: 'completed', at: now },
    [
      follow(
        op,
        {
          type: 'hostname.changed',
          requester: args.requester,
          vpsName: requestTarget(args.request).name,
          hostname: result.hostname,
          reloadRecommended: result.reloadRecommended,
          reverseDns,
        },
        'final',
      ),
      follow(
        op,
        {
          type: 'operation.root-refresh',
          subject: r.subject(null),
          status: 'completed',
          progress: null,
          note: null,
        },
        'root:final',
        'update',
      ),
    ],
  );
  if (ok) await r.audit('executed', { hostname: result.hostname });
  return ok;
}

/** The provider provably did not act: the operation ends, and its thread says nothing changed. */
async function recordRefused(r: Recording, answer: Extract<Answer, { kind: 'refused' }>): Promise<boolean> {
  const { tx, op, args, now } = r;
  await tx.recordCallEnd(args.call.id, { state: 'refused', result: { error: answer.error }, now });
  if (r.steps && !isLastStep(r.steps)) {
    // A step that provably did not act: the step's end decides (a safety point only "when
    // possible" lets the restore go on; a refused chunk asks whether to go on).
    const ended = planStepEnd({
      op: { ...op, meta: r.meta },
      steps: r.steps,
      outcome: 'failed',
      error: answer.error,
      durationMs: null,
      now,
      pauseMs,
    });
    const moved =
      ended.kind === 'continue'
        ? await tx.recordPoll(op.id, r.deps.owner, ended.patch, [...ended.messages])
        : await tx.completeOperation(op.id, r.deps.owner, { ...ended.end, at: now }, [...ended.messages]);
    if (moved) await r.audit('failed', { error: answer.error });
    return moved;
  }
  const ok = await tx.completeOperation(
    op.id,
    r.deps.owner,
    { state: 'failed', outcome: 'refused', status: null, at: now, lastError: answer.error.code },
    [
      follow(
        op,
        { type: 'operation.refused', subject: r.subject(null), error: answer.error },
        r.key('final'),
      ),
      follow(op, rootPhase(r, 'refused'), 'root:final', 'update'),
    ],
  );
  if (ok) await r.audit('failed', { error: answer.error });
  return ok;
}

/** No usable answer: handed to reconciliation (due now, lease released), whoever is free reads the server. */
async function recordUnknown(r: Recording, answer: Extract<Answer, { kind: 'unknown' }>): Promise<boolean> {
  const { tx, op, args, now } = r;
  await tx.recordCallEnd(args.call.id, { state: 'unknown', result: { error: answer.error }, now });
  const ok = await tx.recordPoll(
    op.id,
    r.deps.owner,
    {
      phase: 'reconciling',
      nextPollAt: now,
      lastError: answer.error?.code ?? null,
      // The reconciliation names the step whose answer was lost.
      meta: args.request.kind === 'appserver-reboot' ? r.meta : { ...r.meta, subject: r.subject(null) },
    },
    [follow(op, rootPhase(r, 'unknown'), r.key('root:unknown'), 'update')],
  );
  if (ok) await r.audit('unknown', { error: answer.error });
  return ok;
}

/** The root as it reads once the call was refused or its answer lost. */
function rootPhase(r: Recording, phase: 'refused' | 'unknown'): Notification {
  const { args, op } = r;
  if (args.request.kind === 'appserver-reboot') {
    return {
      type: 'appserver-reboot.root',
      subject: appServerSubject({
        operationId: op.id,
        request: args.request,
        requester: args.requester,
        serverNames: args.request.servers.map((s) => s.name),
        approval: r.approval,
      }),
      counts: { pending: 0, rebooting: 0, back: 0, failed: 0, timedOut: 0 },
      notRebooted: [],
      finished: phase === 'refused',
      phase,
    };
  }
  return {
    type: 'operation.root-refresh',
    subject: r.subject(null),
    status: 'unknown',
    progress: null,
    note: null,
    phase,
  };
}
