import type { AppServerApi, BatchRebootResult } from '../domain/app-server.js';
import { type AppServerRebootApproval, describeRequest } from '../domain/approvals.js';
import { toUserMessage } from '../errors.js';
import type { Approval } from '../store/store.js';
import {
  type AppServerRebootRequest,
  createRebootOperation,
  notRebootedOf,
} from './app-server-reboot-operation.js';
import type { Decided, ExecutionDeps } from './approval-execution.js';

/** What the approval flow hands over once it has re-checked the requester's rights. */
export interface ApprovedRebootSteps {
  readonly executor: string;
  /** The clicked message (the approval's own), if its ts was not recorded yet. */
  readonly messageTs: string | null;
  readonly correlationId: string;
  /** Marks the approval failed, edits its message and audits; `outcome` 'unknown' when it may have run. */
  readonly fail: (reason: string, outcome?: string) => Promise<Decided>;
  readonly audit: (outcome: string, extra: Record<string, unknown>) => Promise<unknown>;
}

const notSetUp =
  'Huawei Workspace is not set up for this bot any more (HUAWEI_* settings), so nothing was rebooted.';

/**
 * Null when every server of the request still exists in Huawei Workspace; otherwise why the
 * approved reboot must not run. Read fresh from the API: servers can be deleted or rebuilt (with
 * a new id) while a request waits for its approvers.
 */
export async function recheckAppServers(
  api: AppServerApi | null | undefined,
  request: AppServerRebootApproval,
): Promise<string | null> {
  if (!api) return notSetUp;
  const known = new Set((await api.listAppServers()).map((s) => s.id));
  const gone = request.servers.filter((s) => !known.has(s.id)).map((s) => s.name);
  if (gone.length === 0) return null;
  return `${gone.join(', ')} ${gone.length === 1 ? 'no longer exists' : 'no longer exist'} in Huawei Workspace, so nothing was rebooted.`;
}

/**
 * The approved reboot: one batch-reboot call (never repeated: a chunk that may have reached Huawei
 * is not sent again), then the one tracked operation rooted on the approval's message, so the
 * app-server follower reports in that message's thread.
 */
export async function runApprovedReboot(
  deps: ExecutionDeps,
  approval: Approval,
  request: AppServerRebootApproval,
  steps: ApprovedRebootSteps,
): Promise<Decided> {
  const { store, clock, logger } = deps;
  const api = deps.appServers;
  if (!api) return steps.fail(notSetUp);
  const { title } = describeRequest(request);
  const reboot: AppServerRebootRequest = {
    type: request.hard ? 'HARD' : 'SOFT',
    servers: request.servers,
  };
  let result: BatchRebootResult;
  try {
    result = await api.batchReboot(
      reboot.servers.map((s) => s.id),
      reboot.type,
    );
  } catch (error) {
    logger.warn({ err: error, approvalId: approval.id }, 'approved batch reboot could not be sent');
    return steps.fail(`${toUserMessage(error)} Nothing was rebooted.`);
  }
  const notRebooted = notRebootedOf(result, reboot);
  if (result.acceptedIds.length === 0) {
    const first = result.chunks.find((c) => c.outcome === 'failed');
    const why = first?.outcome === 'failed' ? toUserMessage(first.error) : 'Huawei accepted none of them.';
    const mayHaveHappened = notRebooted.some((r) => r.mayHaveActed);
    return steps.fail(
      mayHaveHappened
        ? `${why} Huawei’s answer was lost, so the reboot may still have happened: check \`/vps appservers\` before asking again.`
        : `${why} Nothing was rebooted.`,
      mayHaveHappened ? 'unknown' : 'failed',
    );
  }

  await store.markApprovalExecuted(approval.id, null, clock.now());
  const executed = (await store.getApproval(approval.id)) ?? approval;
  const accepted = reboot.servers.filter((s) => result.acceptedIds.includes(s.id));
  const operation = await createRebootOperation(store, {
    requester: executed.requester,
    correlationId: steps.correlationId,
    channel: executed.channel,
    type: reboot.type,
    accepted,
    notRebooted,
    now: clock.now(),
    initialDelayMs: deps.appServerInitialDelayMs ?? 10_000,
    rootTs: executed.messageTs ?? steps.messageTs,
    approval: {
      approvalId: executed.id,
      title,
      reason: executed.reason,
      approvers: executed.approvals.map((v) => v.userId),
      approvedAt: executed.decidedAt ?? clock.now(),
    },
  });
  await steps.audit('executed', {
    operationId: operation.id,
    accepted: accepted.map((s) => s.name),
    notRebooted: notRebooted.map((r) => `${r.name} (${r.why})`),
    approvers: executed.approvals.map((v) => v.userId),
  });
  const skipped =
    notRebooted.length > 0 ? ` Not rebooted: ${notRebooted.map((r) => r.name).join(', ')}.` : '';
  return {
    ok: true,
    message: `Approved: ${title} has started; Huawei accepted ${accepted.length} of ${reboot.servers.length}. Updates follow in the request’s thread.${skipped}`,
  };
}
