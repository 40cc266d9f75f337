import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { powerActionInfo } from '../domain/actions.js';
import type { AppServerApi } from '../domain/app-server.js';
import {
  type ApprovalRequest,
  type AppServerRebootApproval,
  approvalActionName,
  approvedVerbPast,
  describeRequest,
  requestTarget,
} from '../domain/approvals.js';
import type { Notification, OperationSubject } from '../domain/notifications.js';
import type { QueuedOperation } from '../domain/operation.js';
import type { AccessPolicy } from '../domain/policy.js';
import { restoreFromGateRefusal, snapshotGateRefusal } from '../domain/restore-choices.js';
import type { HostnameResult } from '../domain/vps.js';
import type { VpsApi } from '../domain/vps-api.js';
import { AppError, toUserMessage } from '../errors.js';
import type { Approval, Store } from '../store/store.js';
import { auditDetail, publishApproval, requestOf } from './approval-records.js';
import { recheckAppServers, runApprovedReboot } from './approved-appserver-reboot.js';

export interface ExecutionDeps {
  readonly api: VpsApi;
  readonly store: Store;
  readonly policy: AccessPolicy;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Huawei Workspace, for approved app-server reboots; absent when HUAWEI_* is not set. */
  readonly appServers?: AppServerApi | null;
  /** The first reading of rebooted app servers comes this long after Huawei accepted (default 10 s). */
  readonly appServerInitialDelayMs?: number;
}

/** The requests HostUp carries out. */
type VpsRequest = Exclude<ApprovalRequest, AppServerRebootApproval>;

/** What the person whose click ran (or tried to run) the action is told privately. */
export interface Decided {
  readonly ok: boolean;
  readonly message: string;
}

/**
 * Runs an approved request, at most once: `markApprovalExecuting` lets exactly one caller through
 * (double clicks, concurrent approvers, a replay after a restart all meet that one transition).
 * Rights, gates and the snapshot or backup are checked again, because they can change while a
 * request waits; if anything is off, the request fails with the reason and HostUp is not called.
 * `messageTs` is the clicked message (the approval's own), used if its ts was not recorded yet.
 */
export async function executeApproval(
  deps: ExecutionDeps,
  approval: Approval,
  args: { executor: string; messageTs: string | null; correlationId: string },
): Promise<Decided> {
  const { store, clock, api, logger } = deps;
  if (!(await store.markApprovalExecuting(approval.id, clock.now()))) {
    return { ok: true, message: 'This request is approved and already being carried out.' };
  }
  const request = requestOf(approval);
  const title = describeRequest(request).title;
  const audit = (outcome: string, extra: Record<string, unknown>) =>
    store.appendAudit({
      actor: args.executor,
      action: approvalActionName(request),
      target: requestTarget(request).id,
      outcome,
      detail: auditDetail(approval, extra),
      correlationId: args.correlationId,
    });
  const fail = async (reason: string, outcome = 'failed'): Promise<Decided> => {
    await store.markApprovalFailed(approval.id, reason, clock.now());
    const failed = (await store.getApproval(approval.id)) ?? approval;
    await publishApproval(store, failed, 'failed');
    await audit(outcome, { error: reason });
    return { ok: false, message: `${title}: ${reason}` };
  };

  let problem: string | null;
  try {
    problem = await recheck(deps, approval.requester, request);
  } catch (error) {
    logger.warn({ err: error, approvalId: approval.id }, 'approval re-check failed');
    return fail(`${toUserMessage(error)} Nothing was changed.`);
  }
  if (problem) return fail(`${problem} Nothing was changed.`);
  if (request.kind === 'appserver-reboot') {
    return runApprovedReboot(deps, approval, request, { ...args, fail, audit });
  }

  let started: { queued: QueuedOperation | null; hostname: HostnameResult | null };
  try {
    started = await call(api, request);
  } catch (error) {
    const mayHaveHappened =
      error instanceof AppError && 'mayHaveReachedServer' in error && error.mayHaveReachedServer === true;
    logger.warn({ err: error, approvalId: approval.id }, 'approved call failed');
    return fail(
      mayHaveHappened
        ? `HostUp’s answer was lost, so it may still have started. Check \`/vps show ${request.vpsName}\` before asking again.`
        : `${toUserMessage(error)} Nothing was changed.`,
      mayHaveHappened ? 'unknown' : 'failed',
    );
  }

  const jobId = started.queued?.jobId ?? null;
  await store.markApprovalExecuted(approval.id, jobId, clock.now());
  const executed = (await store.getApproval(approval.id)) ?? approval;
  const rootTs = executed.messageTs ?? args.messageTs;
  if (started.queued) {
    await followOperation(deps, executed, request, started.queued, rootTs, args.correlationId);
  } else if (started.hostname && request.kind === 'hostname') {
    await publishApproval(store, executed, 'executed');
    await store.enqueueMessage({
      kind: 'post',
      channel: executed.channel,
      approvalId: executed.id,
      anchor: 'follow',
      payload: {
        type: 'hostname.changed',
        requester: executed.requester,
        vpsName: request.vpsName,
        hostname: started.hostname.hostname,
        reloadRecommended: started.hostname.reloadRecommended,
        reverseDns: started.hostname.reverseDns
          ? {
              ...started.hostname.reverseDns,
              restoredIps: [...started.hostname.reverseDns.restoredIps],
              failedIps: [...started.hostname.reverseDns.failedIps],
            }
          : null,
      } satisfies Notification,
      dedupeKey: `approval:${executed.id}:hostname-result`,
    });
  }
  await audit('executed', { jobId, approvers: executed.approvals.map((v) => v.userId) });
  return {
    ok: true,
    message: jobId
      ? `Approved: ${title} has started (job ${jobId}). Updates follow in the request’s thread.`
      : `Approved: ${title} is done.`,
  };
}

/** Null when the request may still run; otherwise why not, in a sentence. */
async function recheck(
  deps: ExecutionDeps,
  requester: string,
  request: ApprovalRequest,
): Promise<string | null> {
  const appServers = request.kind === 'appserver-reboot';
  const rights = await deps.policy.canAct(requester, appServers ? 'reboot app servers' : 'change servers');
  if (!rights.allowed) return `The requester may no longer act on servers (${rights.reason})`;
  if (request.kind === 'appserver-reboot') return recheckAppServers(deps.appServers, request);
  const { api } = deps;
  switch (request.kind) {
    case 'restore': {
      const list = await api.listSnapshots(request.vpsId);
      const found = list.snapshots.find((s) => s.name === request.snapshot.name);
      if (!found) {
        return `The snapshot ${request.snapshot.name} no longer exists on ${request.vpsName} (snapshots live about 24 hours), so it was not restored.`;
      }
      return snapshotGateRefusal(request.vpsName, list, found);
    }
    case 'restore-from': {
      const refusal = restoreFromGateRefusal(await api.getVpsDetails(request.vpsId));
      if (refusal) return refusal;
      const source = (await api.listRestoreSources(request.vpsId)).find((s) => s.id === request.source.vpsId);
      if (!source) return `${request.source.name} is no longer a restore source for ${request.vpsName}.`;
      if (!source.backups.some((b) => b.id === request.backup.id)) {
        return `Backup ${request.backup.id} of ${request.source.name} no longer exists, so it was not restored.`;
      }
      return null;
    }
    case 'power': {
      const vps = await api.getVpsDetails(request.vpsId);
      const gateName = powerActionInfo[request.action].gate;
      const gate = gateName ? vps.actions[gateName] : undefined;
      return gate && !gate.allowed
        ? `Can’t ${request.action} ${request.vpsName} now: ${gate.reason ?? 'HostUp does not allow it in its current state'}.`
        : null;
    }
    case 'hostname': {
      const gate = (await api.getVpsDetails(request.vpsId)).actions.canChange;
      return gate && !gate.allowed
        ? `Can’t change the hostname of ${request.vpsName} now: ${gate.reason ?? 'HostUp does not allow it'}.`
        : null;
    }
  }
}

/** The one acting call. */
async function call(
  api: VpsApi,
  request: VpsRequest,
): Promise<{ queued: QueuedOperation | null; hostname: HostnameResult | null }> {
  switch (request.kind) {
    case 'restore':
      return { queued: await api.restoreSnapshot(request.vpsId, request.snapshot.name), hostname: null };
    case 'restore-from':
      return {
        queued: await api.restoreFromVps(request.vpsId, {
          sourceVpsId: request.source.vpsId,
          backupId: request.backup.id,
        }),
        hostname: null,
      };
    case 'power':
      return {
        queued: await api.powerAction(
          request.vpsId,
          request.action,
          request.force ? { force: true } : undefined,
        ),
        hostname: null,
      };
    case 'hostname':
      return { queued: null, hostname: await api.setHostname(request.vpsId, request.hostname) };
  }
}

/**
 * The tracked operation, rooted on the approval message (`rootTs`), so the tracker reports in its
 * thread; the message itself becomes the operation's root, still naming who approved.
 */
async function followOperation(
  deps: ExecutionDeps,
  approval: Approval,
  request: VpsRequest,
  queued: QueuedOperation,
  rootTs: string | null,
  correlationId: string,
): Promise<void> {
  const { store, clock } = deps;
  const id = randomUUID();
  const action = request.kind === 'power' ? request.action : request.kind;
  const subject: OperationSubject = {
    operationId: id,
    provider: 'hostup',
    requester: approval.requester,
    action,
    verbPast: approvedVerbPast(request),
    targetName: request.vpsName,
    jobId: queued.jobId,
    ...(request.kind === 'power' && request.force ? { force: true } : {}),
    approval: {
      approvalId: approval.id,
      title: describeRequest(request).title,
      reason: approval.reason,
      approvers: approval.approvals.map((v) => v.userId),
      approvedAt: approval.decidedAt ?? clock.now(),
    },
  };
  const started: Notification = { type: 'operation.started', subject, status: queued.status };
  const now = clock.now();
  await store.createOperation(
    {
      id,
      provider: 'hostup',
      targetId: request.vpsId,
      targetName: request.vpsName,
      action,
      requester: approval.requester,
      correlationId,
      jobId: queued.jobId,
      pollUrl: queued.pollUrl,
      channel: approval.channel,
      rootTs,
      status: queued.status,
      startedAt: now,
      nextPollAt: now + 1000,
      expectedDurationMs: await store.typicalDuration('hostup', action),
      meta: { subject, approvalId: approval.id },
    },
    {
      messages: [
        {
          kind: 'update',
          channel: approval.channel,
          targetTs: rootTs,
          anchor: 'follow',
          payload: started,
          dedupeKey: `${id}:approval-root`,
          // After the approval's own pending edits, so this one (the newest) lands last.
          orderKey: `approval:${approval.id}`,
        },
      ],
    },
  );
}
