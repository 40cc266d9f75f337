import type { ActionRequest } from '../../domain/action-request.js';
import { providerOf, requestTarget } from '../../domain/action-request.js';
import type { AppServerRebootRoot, AppServerRebootSubject } from '../../domain/app-server-notifications.js';
import type { OperationApproval } from '../../domain/approval-notifications.js';
import type { Notification, OperationSubject } from '../../domain/notifications.js';
import { currentStep, type OperationSteps } from '../../domain/operation-steps.js';
import type { StepSubject } from '../../domain/step-notifications.js';
import type { Approval, NewOperation, NewOutboxMessage } from '../../store/store.js';
import type { StepPlan } from './plan-steps.js';

/** The operation's `action` column: the name typical durations are kept under. */
export function operationAction(request: ActionRequest): string {
  switch (request.kind) {
    case 'power':
      return request.action;
    case 'appserver-reboot':
      return request.hard ? 'hard-reboot' : 'reboot';
    default:
      return request.kind;
  }
}

/** Who approved, carried on the subject so every later edit of the message still says it. */
export function approvalOf(approval: Approval, now: number): OperationApproval {
  return {
    approvalId: approval.id,
    reason: approval.reason,
    approvers: approval.approvals.map((v) => v.userId),
    approvedAt: approval.decidedAt ?? now,
  };
}

/** What every message of a HostUp operation shows about who did what to which VPS. */
export function vpsSubject(args: {
  operationId: string;
  request: ActionRequest;
  requester: string;
  jobId: string | null;
  approval: OperationApproval | null;
  /** The operation's steps, when it has several: the subject then names the current one. */
  steps?: OperationSteps | null;
}): OperationSubject {
  const { request } = args;
  const step = args.steps ? currentStep(args.steps) : null;
  const safety = step?.role === 'safety' && step.request.kind === 'snapshot' ? step.request : null;
  return {
    operationId: args.operationId,
    provider: providerOf(request),
    requester: args.requester,
    action: operationAction(safety ?? request),
    request,
    targetName: requestTarget(request).name,
    jobId: args.jobId,
    ...(request.kind === 'power' && request.force ? { force: true } : {}),
    ...(args.approval ? { approval: args.approval } : {}),
    ...(safety ? { step: { role: 'safety' as const, snapshotName: safety.name } } : {}),
  };
}

/** Who and what for the messages between steps, from the operation's own columns. */
export function stepSubject(op: {
  id: string;
  provider: 'hostup' | 'huawei';
  requester: string;
  targetName: string;
}): StepSubject {
  return { operationId: op.id, provider: op.provider, requester: op.requester, targetName: op.targetName };
}

export function appServerSubject(args: {
  operationId: string;
  request: Extract<ActionRequest, { kind: 'appserver-reboot' }>;
  requester: string;
  serverNames: readonly string[];
  approval: OperationApproval | null;
}): AppServerRebootSubject {
  return {
    operationId: args.operationId,
    requester: args.requester,
    type: args.request.hard ? 'HARD' : 'SOFT',
    serverNames: args.serverNames,
    ...(args.approval ? { approval: args.approval } : {}),
  };
}

/**
 * The operation as it is created before the acting call: in phase 'calling', leased to the caller
 * (if the caller dies, the lease runs out and the operation is reconciled, never called again),
 * with its root message already owed: the thread exists whatever the call comes back with.
 *
 * Approved requests grow their thread under the request's own message (`rootTs`): that message is
 * edited into the root. Direct actions post a new root.
 */
export function operationToCreate(args: {
  id: string;
  request: ActionRequest;
  requester: string;
  channel: string;
  correlationId: string;
  now: number;
  lease: { owner: string; expiresAt: number };
  approval: { record: Approval; rootTs: string | null } | null;
  expectedDurationMs: number | null;
  /** Whose click set it off (the journal of a later step names them too). */
  executor: string;
  plan: StepPlan;
}): { operation: NewOperation; messages: NewOutboxMessage[] } {
  const { request, id } = args;
  const approval = args.approval ? approvalOf(args.approval.record, args.now) : null;
  const { steps, safetySkipped } = args.plan;
  const firstServers = steps && request.kind === 'appserver-reboot' ? currentStep(steps).request : request;
  const payload: Notification =
    request.kind === 'appserver-reboot'
      ? ({
          type: 'appserver-reboot.root',
          subject: appServerSubject({
            operationId: id,
            request,
            requester: args.requester,
            serverNames: request.servers.map((s) => s.name),
            approval,
          }),
          counts: {
            pending: firstServers.kind === 'appserver-reboot' ? firstServers.servers.length : 0,
            rebooting: 0,
            back: 0,
            failed: 0,
            timedOut: 0,
          },
          notRebooted: [],
          finished: false,
          calling: true,
        } satisfies AppServerRebootRoot)
      : {
          type: 'operation.started',
          subject: vpsSubject({
            operationId: id,
            request,
            requester: args.requester,
            jobId: null,
            approval,
            steps,
          }),
          status: 'pending',
          phase: 'calling',
        };
  const rootTs = args.approval?.rootTs ?? null;
  const first: NewOutboxMessage = args.approval
    ? {
        kind: 'update',
        channel: args.channel,
        targetTs: rootTs,
        anchor: 'follow',
        payload,
        dedupeKey: `${id}:approval-root`,
        // After the request's own pending edits, so this one (the newest) lands last.
        orderKey: `approval:${args.approval.record.id}`,
      }
    : { kind: 'post', channel: args.channel, anchor: 'root', payload, dedupeKey: `${id}:root` };
  const target = requestTarget(request);
  const messages = [first];
  if (safetySkipped) {
    const subject = stepSubject({
      id,
      provider: providerOf(request),
      requester: args.requester,
      targetName: target.name,
    });
    messages.push({
      kind: 'post',
      channel: args.channel,
      anchor: 'follow',
      payload: { type: 'operation.safety-skipped', subject, reason: safetySkipped.reason },
      dedupeKey: `${id}:safety-skipped`,
      ...(args.approval ? { orderKey: `approval:${args.approval.record.id}` } : {}),
    });
  }
  return {
    operation: {
      id,
      provider: providerOf(request),
      targetId: target.id,
      targetName: target.name,
      action: operationAction(request),
      requester: args.requester,
      correlationId: args.correlationId,
      channel: args.channel,
      rootTs,
      status: null,
      startedAt: args.now,
      nextPollAt: args.now,
      expectedDurationMs: args.expectedDurationMs,
      phase: 'calling',
      lease: args.lease,
      meta: {
        request,
        executor: args.executor,
        ...(approval ? { approval, approvalId: approval.approvalId } : {}),
        ...(steps ? { steps } : {}),
      },
    },
    messages,
  };
}
