import { actionInfo } from '../../domain/action-catalogue.js';
import { requestTarget } from '../../domain/action-request.js';
import type { OperationApproval } from '../../domain/approval-notifications.js';
import type { Notification, OperationSubject } from '../../domain/notifications.js';
import type { ActingCall, NewOutboxMessage, StoreTx, TrackedOperation } from '../../store/store.js';
import { initialRebootMeta } from '../../tracker/app-server-meta.js';
import type { ActingDeps } from './acting-deps.js';
import type { CallResult } from './call-keeping-lease.js';
import { type Answer, type AnswerSummary, classifyAnswer, summaryOf } from './classify-answer.js';
import type { CallAnswer } from './executor.js';
import { approvalOf, appServerSubject, vpsSubject } from './operation-setup.js';
import type { StartActionArgs } from './start-action.js';

export type { AnswerSummary } from './classify-answer.js';

type Args = StartActionArgs & {
  readonly operation: TrackedOperation;
  readonly call: ActingCall;
  readonly answer: CallResult<CallAnswer>;
};

/** One answer's commit, given the transaction and what every kind needs. */
interface Recording {
  readonly tx: StoreTx;
  readonly deps: ActingDeps;
  readonly args: Args;
  readonly op: TrackedOperation;
  readonly now: number;
  readonly approval: OperationApproval | null;
  readonly subject: (jobId: string | null) => OperationSubject;
  /** The audit entry of this answer (written only when the change was recorded). */
  audit(outcome: string, extra: Record<string, unknown>): Promise<unknown>;
}

/**
 * Records what the acting call came back with, in one commit: the journal entry is closed, the
 * operation moves on (followed, finished, or handed to reconciliation), its thread hears it, and
 * the audit trail has it. If this process lost the operation meanwhile (its lease ran out), the
 * one that took it over reconciles it; nothing here calls the provider.
 */
export async function recordAnswer(deps: ActingDeps, args: Args): Promise<AnswerSummary> {
  const answer = classifyAnswer(args.answer);
  const op = args.operation;
  const now = deps.clock.now();
  const approval = args.origin.kind === 'approval' ? approvalOf(args.origin.approval, now) : null;
  const target = requestTarget(args.request);
  const recorded = await deps.store.transaction((tx) =>
    record(answer, {
      tx,
      deps,
      args,
      op,
      now,
      approval,
      subject: (jobId) =>
        vpsSubject({ operationId: op.id, request: args.request, requester: args.requester, jobId, approval }),
      audit: (outcome, extra) =>
        tx.appendAudit({
          actor: args.executor,
          action: actionInfo(args.request).auditName,
          target: target.id,
          outcome,
          detail: {
            vpsName: target.name,
            operationId: op.id,
            request: args.request,
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

/** A message that follows the operation's root (the outbox fills in its ts). */
function follow(
  op: TrackedOperation,
  payload: Notification,
  key: string,
  kind: 'post' | 'update' = 'post',
): NewOutboxMessage {
  return { kind, channel: op.channel, anchor: 'follow', payload, dedupeKey: `${op.id}:${key}` };
}

/** HostUp queued a job: the operation is followed from now on (due soon, lease handed back). */
async function recordQueued(r: Recording, job: Extract<Answer, { kind: 'queued' }>['job']): Promise<boolean> {
  const { tx, op, args, approval, now } = r;
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
      meta: {
        request: args.request,
        subject,
        ...(approval ? { approval, approvalId: approval.approvalId } : {}),
      },
    },
    [
      follow(
        op,
        { type: 'operation.root-refresh', subject, status: job.status, progress: null, note: null },
        'root:queued',
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

/** Huawei took some servers: those are followed until they are back. */
async function recordRebooting(
  r: Recording,
  accepted: readonly string[],
  notRebooted: Extract<Answer, { kind: 'rebooting' }>['notRebooted'],
): Promise<boolean> {
  const { tx, op, args, now } = r;
  if (args.request.kind !== 'appserver-reboot') return false;
  const servers = args.request.servers.filter((s) => accepted.includes(s.id));
  await tx.recordCallEnd(args.call.id, { state: 'answered', result: { accepted, notRebooted }, now });
  const subject = appServerSubject({
    operationId: op.id,
    request: args.request,
    requester: args.requester,
    serverNames: servers.map((s) => s.name),
    approval: r.approval,
  });
  const counts = { pending: servers.length, rebooting: 0, back: 0, failed: 0, timedOut: 0 };
  const ok = await tx.recordPoll(
    op.id,
    r.deps.owner,
    {
      phase: 'following',
      status: 'rebooting',
      nextPollAt: now + r.deps.firstPollMs.huawei,
      meta: { request: args.request, ...initialRebootMeta({ subject, servers, notRebooted }) },
    },
    [
      follow(
        op,
        { type: 'appserver-reboot.root', subject, counts, notRebooted, finished: false },
        'root:accepted',
        'update',
      ),
    ],
  );
  if (ok) {
    await r.audit('executed', {
      accepted: servers.map((s) => s.name),
      notRebooted: notRebooted.map((n) => `${n.name} (${n.why})`),
    });
  }
  return ok;
}

/** The provider provably did not act: the operation ends, and its thread says nothing changed. */
async function recordRefused(r: Recording, answer: Extract<Answer, { kind: 'refused' }>): Promise<boolean> {
  const { tx, op, args, now } = r;
  await tx.recordCallEnd(args.call.id, { state: 'refused', result: { error: answer.error }, now });
  const ok = await tx.completeOperation(
    op.id,
    r.deps.owner,
    { state: 'failed', outcome: 'refused', status: null, at: now, lastError: answer.error.code },
    [
      follow(op, { type: 'operation.refused', subject: r.subject(null), error: answer.error }, 'final'),
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
    { phase: 'reconciling', nextPollAt: now, lastError: answer.error?.code ?? null },
    [follow(op, rootPhase(r, 'unknown'), 'root:unknown', 'update')],
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
