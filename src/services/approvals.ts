import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { AppServerApi } from '../domain/app-server.js';
import {
  type ApprovableAction,
  type ApprovalQuestion,
  type ApprovalRequest,
  approvalActionName,
  approvalProgress,
  describeRequest,
  requestTarget,
  requiresApproval,
} from '../domain/approvals.js';
import type { AccessPolicy } from '../domain/policy.js';
import {
  backupRef,
  matchBackup,
  matchSnapshot,
  matchSource,
  restoreFromGateRefusal,
  snapshotGateRefusal,
  snapshotRef,
} from '../domain/restore-choices.js';
import type { RestoreSource, Snapshot, VpsDetails } from '../domain/vps.js';
import type { VpsApi } from '../domain/vps-api.js';
import type { Approval, Store } from '../store/store.js';
import type { AppServerRebootRequest } from './app-server-reboot-operation.js';
import { type Decided, executeApproval } from './approval-execution.js';
import { approvalMessage, auditDetail, note, publishApproval } from './approval-records.js';

export type { Decided } from './approval-execution.js';

export interface ApprovalSettings {
  /** Distinct approvers needed, none of them the requester (VPS_APPROVALS_REQUIRED). */
  readonly requiredApprovals: number;
  readonly ttlMs: number;
  /** VPS_REQUIRE_APPROVAL: extra actions behind approval (restores always are). */
  readonly requireApproval: ReadonlySet<ApprovableAction>;
  /** False when VPS_APPROVERS is empty: then nobody could approve, so nothing is requested. */
  readonly approversConfigured: boolean;
}

export interface ApprovalDeps {
  readonly api: VpsApi;
  readonly store: Store;
  readonly policy: AccessPolicy;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: ApprovalSettings;
  /** Tells the outbox something was enqueued. */
  readonly poke: () => void;
  /** Huawei Workspace, for approved app-server reboots; null or absent when HUAWEI_* is not set. */
  readonly appServers?: AppServerApi | null;
  /** First reading of an approved app-server reboot, this long after Huawei accepted (default 10 s). */
  readonly appServerInitialDelayMs?: number;
}

export type RequestOutcome =
  | { readonly kind: 'requested'; readonly approval: Approval }
  | { readonly kind: 'refused'; readonly reason: string };

interface Asker {
  readonly user: string;
  readonly channel: string;
  readonly reason: string;
  readonly correlationId: string;
}

const closed: Record<string, string> = {
  executing: 'This request was approved and is being carried out.',
  executed: 'This request was already approved and carried out.',
  approved: 'This request is already approved.',
  rejected: 'This request was rejected: nothing was done.',
  cancelled: 'This request was cancelled: nothing was done.',
  expired: 'This request expired: nothing was done. Ask again if it is still needed.',
  failed: 'This request was approved but could not be carried out; see the message.',
};
const unknownRequest = 'This request is no longer known to the bot. Ask again if it is still needed.';

/**
 * Destructive actions with a second pair of eyes: a request is posted in the channel, approvers
 * other than the requester approve or reject it, and the last approval runs it exactly once. Every
 * step is a single store transition and leaves an audit entry; refusals come back as sentences.
 */
export class ApprovalService {
  readonly #d: ApprovalDeps;

  constructor(deps: ApprovalDeps) {
    this.#d = deps;
  }

  get ttlMinutes(): number {
    return Math.round(this.#d.settings.ttlMs / 60_000);
  }

  needsApproval(question: ApprovalQuestion): boolean {
    return requiresApproval(question, this.#d.settings.requireApproval);
  }

  /** For the restore modal: the VPS, its snapshots, and the API's refusal if restoring is not allowed. */
  async snapshotChoices(
    vpsId: string,
  ): Promise<{ vps: VpsDetails; snapshots: readonly Snapshot[]; refusal: string | null }> {
    const [vps, list] = await Promise.all([
      this.#d.api.getVpsDetails(vpsId),
      this.#d.api.listSnapshots(vpsId),
    ]);
    return { vps, snapshots: list.snapshots, refusal: snapshotGateRefusal(vps.name, list) };
  }

  /** For the restore-from modal: sources other than the target, and the API's refusal if any. */
  async sourceChoices(
    vpsId: string,
  ): Promise<{ vps: VpsDetails; sources: readonly RestoreSource[]; refusal: string | null }> {
    const vps = await this.#d.api.getVpsDetails(vpsId);
    const refusal = restoreFromGateRefusal(vps);
    const sources = refusal
      ? []
      : (await this.#d.api.listRestoreSources(vpsId)).filter((s) => s.id !== vps.id);
    return { vps, sources, refusal };
  }

  async requestRestore(args: Asker & { vpsId: string; snapshot: string }): Promise<RequestOutcome> {
    const refused = await this.#mayRequest(args.user, 'restore snapshots');
    if (refused) return refused;
    const { api } = this.#d;
    const [vps, list] = await Promise.all([api.getVpsDetails(args.vpsId), api.listSnapshots(args.vpsId)]);
    const match = matchSnapshot(vps.name, list, args.snapshot);
    if (!match.ok) return { kind: 'refused', reason: match.reason };
    const gate = snapshotGateRefusal(vps.name, list, match.value);
    if (gate) return { kind: 'refused', reason: gate };
    return this.#create(args, {
      kind: 'restore',
      vpsId: vps.id,
      vpsName: vps.name,
      snapshot: snapshotRef(match.value),
    });
  }

  async requestRestoreFrom(
    args: Asker & { vpsId: string; source: string; backupId: string },
  ): Promise<RequestOutcome> {
    const refused = await this.#mayRequest(args.user, 'restore backups');
    if (refused) return refused;
    const vps = await this.#d.api.getVpsDetails(args.vpsId);
    const gate = restoreFromGateRefusal(vps);
    if (gate) return { kind: 'refused', reason: gate };
    const source = matchSource(vps, await this.#d.api.listRestoreSources(vps.id), args.source);
    if (!source.ok) return { kind: 'refused', reason: source.reason };
    const backup = matchBackup(source.value, args.backupId);
    if (!backup.ok) return { kind: 'refused', reason: backup.reason };
    return this.#create(args, {
      kind: 'restore-from',
      vpsId: vps.id,
      vpsName: vps.name,
      source: { vpsId: source.value.id, name: source.value.name },
      backup: backupRef(backup.value),
    });
  }

  /** A power or hostname action put behind approval by configuration (already confirmed and gate-checked). */
  async requestAction(args: Asker & { request: ApprovalRequest }): Promise<RequestOutcome> {
    const refused = await this.#mayRequest(args.user, 'change servers');
    if (refused) return refused;
    return this.#create(args, args.request);
  }

  /**
   * An app-server reboot put behind approval by configuration (VPS_REQUIRE_APPROVAL lists
   * appserver-hard-reboot), already confirmed; the servers were resolved through the Huawei API.
   * This is the seam AppServerActions calls instead of rebooting.
   */
  async requestAppServerReboot(args: {
    user: string;
    channel: string;
    correlationId: string;
    request: AppServerRebootRequest;
  }): Promise<RequestOutcome> {
    const refused = await this.#mayRequest(args.user, 'reboot app servers');
    if (refused) return refused;
    if (!this.#d.appServers) {
      return {
        kind: 'refused',
        reason: 'Huawei Workspace is not set up for this bot, so nothing was asked.',
      };
    }
    return this.#create(
      { user: args.user, channel: args.channel, correlationId: args.correlationId, reason: '' },
      {
        kind: 'appserver-reboot',
        hard: args.request.type === 'HARD',
        servers: args.request.servers.map((s) => ({ id: s.id, name: s.name, sessionCount: s.sessionCount })),
      },
    );
  }

  async approve(args: {
    user: string;
    approvalId: string;
    messageTs: string | null;
    correlationId: string;
  }): Promise<Decided> {
    const { store, clock, policy } = this.#d;
    const approval = await store.getApproval(args.approvalId);
    if (!approval) return { ok: false, message: unknownRequest };
    if (approval.requester === args.user) {
      await this.#audit(approval, args.user, 'refused', args.correlationId, { why: 'self-approval' });
      return {
        ok: false,
        message:
          'You asked for this, so someone else has to approve it: two people decide on a destructive action.',
      };
    }
    const may = await policy.canApprove(args.user, 'approve requests');
    if (!may.allowed) {
      await this.#audit(approval, args.user, 'refused', args.correlationId, { why: 'not an approver' });
      return { ok: false, message: `${may.reason} Nothing was changed.` };
    }
    const voted = await store.addApproval(approval.id, args.user, clock.now());
    if (!voted.ok) {
      const current = voted.approval ?? approval;
      if (voted.reason === 'duplicate') {
        const left = approvalProgress(current.approvals.length, current.requiredApprovals);
        return { ok: false, message: `You already approved this (${left.text}); it needs someone else now.` };
      }
      if (voted.reason === 'expired') await this.#expired(current);
      // A request approved by a vote whose process stopped before running it: the guard in
      // executeApproval still lets only one caller run it.
      if (voted.reason === 'not_pending' && current.status === 'approved') {
        return this.#run(current, args);
      }
      return { ok: false, message: closed[current.status] ?? unknownRequest };
    }
    const progress = approvalProgress(voted.approval.approvals.length, voted.approval.requiredApprovals);
    await this.#audit(voted.approval, args.user, 'approved', args.correlationId, { votes: progress.text });
    if (!voted.complete) {
      await publishApproval(store, voted.approval, `vote:${voted.approval.approvals.length}`);
      this.#d.poke();
      return {
        ok: true,
        message: `Your approval is recorded (${progress.text}). It needs ${progress.missing} more from someone else.`,
      };
    }
    return this.#run(voted.approval, args);
  }

  /** Whether `user` may reject (checked before the reject modal opens); null when they may. */
  async rejectRefusal(user: string, approvalId: string): Promise<string | null> {
    const approval = await this.#d.store.getApproval(approvalId);
    if (!approval) return unknownRequest;
    if (approval.status !== 'pending') return closed[approval.status] ?? unknownRequest;
    if (approval.requester === user) return 'This is your own request: use “Cancel request” to withdraw it.';
    const may = await this.#d.policy.canApprove(user, 'reject requests');
    return may.allowed ? null : `${may.reason} Nothing was changed.`;
  }

  async reject(args: {
    user: string;
    approvalId: string;
    note: string | null;
    correlationId: string;
  }): Promise<Decided> {
    const refusal = await this.rejectRefusal(args.user, args.approvalId);
    if (refusal) return { ok: false, message: refusal };
    const { store, clock } = this.#d;
    const done = await store.rejectApproval(args.approvalId, {
      by: args.user,
      now: clock.now(),
      note: args.note,
    });
    if (!done.ok) {
      if (done.reason === 'expired' && done.approval) await this.#expired(done.approval);
      return { ok: false, message: closed[done.approval?.status ?? ''] ?? unknownRequest };
    }
    await publishApproval(store, done.approval, 'rejected');
    await this.#audit(done.approval, args.user, 'rejected', args.correlationId, { note: args.note });
    this.#d.poke();
    return { ok: true, message: 'Rejected: nothing will be done, and the request says so in the channel.' };
  }

  async cancel(args: { user: string; approvalId: string; correlationId: string }): Promise<Decided> {
    const { store, clock } = this.#d;
    const done = await store.cancelApproval(args.approvalId, { by: args.user, now: clock.now() });
    if (!done.ok) {
      if (done.reason === 'not_requester') {
        return {
          ok: false,
          message: 'Only the person who asked can cancel this request; approvers can reject it.',
        };
      }
      return { ok: false, message: closed[done.approval?.status ?? ''] ?? unknownRequest };
    }
    await publishApproval(store, done.approval, 'cancelled');
    await this.#audit(done.approval, args.user, 'cancelled', args.correlationId, {});
    this.#d.poke();
    return { ok: true, message: 'Cancelled: nothing will be done.' };
  }

  /** Expires every pending request past its time and edits its message; returns how many. */
  async expireDue(): Promise<number> {
    const expired = await this.#d.store.expireApprovals(this.#d.clock.now());
    for (const approval of expired) await this.#expired(approval);
    return expired.length;
  }

  async #expired(approval: Approval): Promise<void> {
    // The dedupe key makes the sweeper and a late click edit and audit an expiry once.
    if (await publishApproval(this.#d.store, approval, 'expired')) {
      await this.#audit(approval, 'system', 'expired', null, {});
      this.#d.poke();
    }
  }

  async #run(
    approval: Approval,
    args: { user: string; messageTs: string | null; correlationId: string },
  ): Promise<Decided> {
    const { api, store, policy, clock, logger, appServers, appServerInitialDelayMs } = this.#d;
    const huawei = {
      appServers: appServers ?? null,
      ...(appServerInitialDelayMs !== undefined ? { appServerInitialDelayMs } : {}),
    };
    try {
      return await executeApproval({ api, store, policy, clock, logger, ...huawei }, approval, {
        executor: args.user,
        messageTs: args.messageTs,
        correlationId: args.correlationId,
      });
    } finally {
      this.#d.poke();
    }
  }

  async #mayRequest(user: string, activity: string): Promise<RequestOutcome | null> {
    const may = await this.#d.policy.canAct(user, activity);
    if (!may.allowed) return { kind: 'refused', reason: may.reason };
    if (!this.#d.settings.approversConfigured) {
      return {
        kind: 'refused',
        reason:
          'This needs approval, but no approvers are configured (VPS_APPROVERS), so nobody could approve it.',
      };
    }
    return null;
  }

  async #create(asker: Asker, request: ApprovalRequest): Promise<RequestOutcome> {
    const { store, clock, settings } = this.#d;
    const now = clock.now();
    const approval = await store.createApproval({
      requester: asker.user,
      actionKind: approvalActionName(request),
      target: requestTarget(request).id,
      payload: { request },
      reason: asker.reason.trim().slice(0, 500),
      channel: asker.channel,
      requiredApprovals: settings.requiredApprovals,
      expiresAt: now + settings.ttlMs,
      createdAt: now,
    });
    const { title } = describeRequest(request);
    const needed = approvalProgress(0, settings.requiredApprovals).text.replace(/^0 of /, '');
    await store.enqueueMessage({
      kind: 'post',
      channel: asker.channel,
      approvalId: approval.id,
      anchor: 'root',
      payload: approvalMessage(approval),
      dedupeKey: `approval:${approval.id}:root`,
    });
    await store.enqueueMessage({
      kind: 'ephemeral',
      channel: asker.channel,
      approvalId: approval.id,
      payload: note(
        asker.user,
        `Request posted in the channel: ${title}. It needs ${needed} from VPS_APPROVERS (not you) within ${this.ttlMinutes} minutes. You can cancel it there.`,
      ),
      dedupeKey: `approval:${approval.id}:posted-note`,
    });
    await this.#audit(approval, asker.user, 'requested', asker.correlationId, { reason: approval.reason });
    this.#d.poke();
    return { kind: 'requested', approval };
  }

  async #audit(
    approval: Approval,
    actor: string,
    outcome: string,
    correlationId: string | null,
    extra: Record<string, unknown>,
  ): Promise<void> {
    await this.#d.store.appendAudit({
      actor,
      action: approval.actionKind,
      target: approval.target,
      outcome,
      detail: auditDetail(approval, extra),
      correlationId,
    });
  }
}
