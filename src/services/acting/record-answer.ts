import { actionInfo } from '../../domain/action-catalogue.js';
import { requestTarget } from '../../domain/action-request.js';
import type { NotRebooted } from '../../domain/app-server-notifications.js';
import type { Notification, OperationSubject } from '../../domain/notifications.js';
import type { ErrorInfo } from '../../domain/refusals.js';
import { actingCallOutcome, errorInfo } from '../../errors.js';
import type { ActingCall, NewOutboxMessage, StoreTx, TrackedOperation } from '../../store/store.js';
import { initialRebootMeta } from '../../tracker/app-server-meta.js';
import type { ActingDeps } from './acting-deps.js';
import type { CallResult } from './call-keeping-lease.js';
import type { CallAnswer } from './executor.js';
import { approvalOf, appServerSubject, vpsSubject } from './operation-setup.js';
import type { StartActionArgs } from './start-action.js';

/** What the acting call came back with, as the click that set it off is told. */
export type AnswerSummary =
  | { readonly kind: 'queued'; readonly jobId: string }
  | { readonly kind: 'done' }
  | { readonly kind: 'rebooting'; readonly accepted: number; readonly notRebooted: readonly NotRebooted[] }
  /** The provider provably did not act. */
  | { readonly kind: 'refused'; readonly error: ErrorInfo }
  /** No usable answer: it may or may not have acted; the thread will say what the server shows. */
  | { readonly kind: 'unknown'; readonly error: ErrorInfo | null };

type Args = StartActionArgs & {
  readonly operation: TrackedOperation;
  readonly call: ActingCall;
  readonly answer: CallResult<CallAnswer>;
};

/** Messages that follow the operation's root (the outbox fills in its ts). */
const follow = (
  op: TrackedOperation,
  payload: Notification,
  key: string,
  kind: 'post' | 'update' = 'post',
): NewOutboxMessage => ({
  kind,
  channel: op.channel,
  anchor: 'follow',
  payload,
  dedupeKey: `${op.id}:${key}`,
});

/**
 * Records what the acting call came back with, in one commit: the journal entry is closed, the
 * operation moves on (followed, finished, or handed to reconciliation), its thread hears it, and
 * the audit trail has it. If this process lost the operation meanwhile (its lease ran out), the
 * one that took it over reconciles it; nothing here calls the provider.
 */
export async function recordAnswer(deps: ActingDeps, args: Args): Promise<AnswerSummary> {
  const summary = summarise(args.answer);
  const { store, clock, owner } = deps;
  const op = args.operation;
  const now = clock.now();
  const approval = args.origin.kind === 'approval' ? approvalOf(args.origin.approval, now) : null;
  const audit = (tx: StoreTx, outcome: string, extra: Record<string, unknown>) =>
    tx.appendAudit({
      actor: args.executor,
      action: actionInfo(args.request).auditName,
      target: requestTarget(args.request).id,
      outcome,
      detail: {
        vpsName: requestTarget(args.request).name,
        operationId: op.id,
        request: args.request,
        ...(approval ? { approvalId: approval.approvalId, approvers: approval.approvers } : {}),
        ...extra,
      },
      correlationId: args.correlationId,
    });
  const subject = (jobId: string | null): OperationSubject =>
    vpsSubject({ operationId: op.id, request: args.request, requester: args.requester, jobId, approval });

  const recorded = await store.transaction(async (tx) => {
    switch (summary.kind) {
      case 'queued': {
        const answer = (args.answer as { value: Extract<CallAnswer, { kind: 'job' }> }).value;
        await tx.recordCallEnd(args.call.id, { state: 'answered', result: { jobId: answer.jobId }, now });
        const s = subject(answer.jobId);
        const ok = await tx.recordPoll(
          op.id,
          owner,
          {
            phase: 'following',
            jobId: answer.jobId,
            pollUrl: answer.pollUrl,
            status: answer.status,
            nextPollAt: now + deps.firstPollMs.hostup,
            meta: {
              request: args.request,
              subject: s,
              ...(approval ? { approval, approvalId: approval.approvalId } : {}),
            },
          },
          [
            follow(
              op,
              {
                type: 'operation.root-refresh',
                subject: s,
                status: answer.status,
                progress: null,
                note: null,
              },
              'root:queued',
              'update',
            ),
          ],
        );
        if (ok) await audit(tx, 'executed', { jobId: answer.jobId });
        return ok;
      }
      case 'done': {
        const { result } = (args.answer as { value: Extract<CallAnswer, { kind: 'hostname' }> }).value;
        await tx.recordCallEnd(args.call.id, {
          state: 'answered',
          result: { hostname: result.hostname },
          now,
        });
        const s = subject(null);
        const ok = await tx.completeOperation(op.id, owner, { state: 'done', status: 'completed', at: now }, [
          follow(
            op,
            {
              type: 'hostname.changed',
              requester: args.requester,
              vpsName: requestTarget(args.request).name,
              hostname: result.hostname,
              reloadRecommended: result.reloadRecommended,
              reverseDns: result.reverseDns
                ? {
                    ...result.reverseDns,
                    restoredIps: [...result.reverseDns.restoredIps],
                    failedIps: [...result.reverseDns.failedIps],
                  }
                : null,
            },
            'final',
          ),
          follow(
            op,
            { type: 'operation.root-refresh', subject: s, status: 'completed', progress: null, note: null },
            'root:final',
            'update',
          ),
        ]);
        if (ok) await audit(tx, 'executed', { hostname: result.hostname });
        return ok;
      }
      case 'rebooting': {
        const { accepted, notRebooted } = (args.answer as { value: Extract<CallAnswer, { kind: 'reboot' }> })
          .value;
        if (args.request.kind !== 'appserver-reboot') return false;
        const servers = args.request.servers.filter((s) => accepted.includes(s.id));
        await tx.recordCallEnd(args.call.id, { state: 'answered', result: { accepted, notRebooted }, now });
        const s = appServerSubject({
          operationId: op.id,
          request: args.request,
          requester: args.requester,
          serverNames: servers.map((x) => x.name),
          approval,
        });
        const ok = await tx.recordPoll(
          op.id,
          owner,
          {
            phase: 'following',
            status: 'rebooting',
            nextPollAt: now + deps.firstPollMs.huawei,
            meta: { request: args.request, ...initialRebootMeta({ subject: s, servers, notRebooted }) },
          },
          [
            follow(
              op,
              {
                type: 'appserver-reboot.root',
                subject: s,
                counts: { pending: servers.length, rebooting: 0, back: 0, failed: 0, timedOut: 0 },
                notRebooted,
                finished: false,
              },
              'root:accepted',
              'update',
            ),
          ],
        );
        if (ok)
          await audit(tx, 'executed', {
            accepted: servers.map((x) => x.name),
            notRebooted: notRebooted.map((r) => `${r.name} (${r.why})`),
          });
        return ok;
      }
      case 'refused': {
        await tx.recordCallEnd(args.call.id, { state: 'refused', result: { error: summary.error }, now });
        const ok = await tx.completeOperation(
          op.id,
          owner,
          { state: 'failed', outcome: 'refused', status: null, at: now, lastError: summary.error.code },
          [
            follow(op, { type: 'operation.refused', subject: subject(null), error: summary.error }, 'final'),
            follow(op, rootPhase(args, op, subject(null), 'refused'), 'root:final', 'update'),
          ],
        );
        if (ok) await audit(tx, 'failed', { error: summary.error });
        return ok;
      }
      case 'unknown': {
        await tx.recordCallEnd(args.call.id, { state: 'unknown', result: { error: summary.error }, now });
        // Handed to reconciliation: due now, lease released, whoever is free reads the server.
        const ok = await tx.recordPoll(
          op.id,
          owner,
          { phase: 'reconciling', nextPollAt: now, lastError: summary.error?.code ?? null },
          [follow(op, rootPhase(args, op, subject(null), 'unknown'), 'root:unknown', 'update')],
        );
        if (ok) await audit(tx, 'unknown', { error: summary.error });
        return ok;
      }
    }
  });
  if (!recorded) {
    deps.logger.warn(
      { operationId: op.id, answer: summary.kind, correlationId: args.correlationId },
      'the operation was taken over before its answer was recorded; it will be reconciled',
    );
  }
  return summary;
}

/** The root as it reads once the call was refused or its answer lost. */
function rootPhase(
  args: Args,
  op: TrackedOperation,
  subject: OperationSubject,
  phase: 'refused' | 'unknown',
): Notification {
  if (args.request.kind === 'appserver-reboot') {
    return {
      type: 'appserver-reboot.root',
      subject: appServerSubject({
        operationId: op.id,
        request: args.request,
        requester: args.requester,
        serverNames: args.request.servers.map((s) => s.name),
        approval: subject.approval ?? null,
      }),
      counts: { pending: 0, rebooting: 0, back: 0, failed: 0, timedOut: 0 },
      notRebooted: [],
      finished: phase === 'refused',
      phase,
    };
  }
  return { type: 'operation.root-refresh', subject, status: 'unknown', progress: null, note: null, phase };
}

/** What came back, in the terms the pipeline acts on. */
function summarise(answer: CallResult<CallAnswer>): AnswerSummary {
  if (!answer.ok) {
    const error = errorInfo(answer.error);
    return actingCallOutcome(answer.error) === 'not_acted'
      ? { kind: 'refused', error }
      : { kind: 'unknown', error };
  }
  const value = answer.value;
  switch (value.kind) {
    case 'job':
      return { kind: 'queued', jobId: value.jobId };
    case 'hostname':
      return { kind: 'done' };
    case 'reboot': {
      const first = value.notRebooted.find((r) => r.error)?.error ?? null;
      const error: ErrorInfo = {
        kind: 'app',
        code: 'huawei_refused',
        provider: 'huawei',
        status: null,
        detail: first,
        requestId: null,
      };
      if (value.noneAccepted === 'not_acted') return { kind: 'refused', error };
      if (value.noneAccepted === 'unknown') return { kind: 'unknown', error };
      return { kind: 'rebooting', accepted: value.accepted.length, notRebooted: value.notRebooted };
    }
  }
}
