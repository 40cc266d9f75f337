import type { ActionRequest } from '../domain/action-request.js';
import { safetyTaken, stepsOf } from '../domain/operation-steps.js';
import { approvalBasis } from '../domain/policy/index.js';
import type { Refusal } from '../domain/refusals.js';
import {
  backupRef,
  matchBackup,
  matchSnapshot,
  matchSource,
  restoreFromGateRefusal,
  snapshotGateRefusal,
  snapshotRef,
} from '../domain/restore-choices.js';
import { safetyPreview } from '../domain/safety-preview.js';
import type { RestoreSource, Snapshot, VpsDetails } from '../domain/vps.js';
import { toUserMessage } from '../errors.js';
import type { ActingDeps } from './acting/acting-deps.js';
import { type OpenRequestOutcome, openApprovalRequest, withApproverIds } from './approval-requests.js';

export interface RestoreRequestDeps extends ActingDeps {
  readonly approvalTtlMs: number;
}

interface Asker {
  readonly user: string;
  readonly channel: string;
  readonly reason: string;
  readonly correlationId: string;
  /** The restore form's stored draft, decided in the same commit (a replayed submission acts once). */
  readonly draftId?: string;
  readonly breakGlass?: string;
}

/**
 * Restore requests, from what a person typed or picked: every snapshot, source and backup is
 * matched against HostUp's own lists, the gates are read, the policy says who must approve, and
 * the request is posted. Nothing is restored here: that waits for the approvals.
 */
export class RestoreRequests {
  readonly #d: RestoreRequestDeps;

  constructor(deps: RestoreRequestDeps) {
    this.#d = deps;
  }

  /** For the restore form: the VPS, its snapshots, and HostUp's refusal if restoring is not allowed. */
  async snapshotChoices(
    vpsId: string,
  ): Promise<{ vps: VpsDetails; snapshots: readonly Snapshot[]; refusal: Refusal | null }> {
    const { hostup } = this.#d.providers;
    const [vps, list] = await Promise.all([hostup.getVpsDetails(vpsId), hostup.listSnapshots(vpsId)]);
    return { vps, snapshots: list.snapshots, refusal: snapshotGateRefusal(vps.name, list) };
  }

  /** For the restore-from form: sources other than the target, and HostUp's refusal if any. */
  async sourceChoices(
    vpsId: string,
  ): Promise<{ vps: VpsDetails; sources: readonly RestoreSource[]; refusal: Refusal | null }> {
    const { hostup } = this.#d.providers;
    const vps = await hostup.getVpsDetails(vpsId);
    const refusal = restoreFromGateRefusal(vps);
    const sources = refusal ? [] : (await hostup.listRestoreSources(vpsId)).filter((s) => s.id !== vps.id);
    return { vps, sources, refusal };
  }

  async requestRestore(args: Asker & { vpsId: string; snapshot: string }): Promise<OpenRequestOutcome> {
    const { hostup } = this.#d.providers;
    const [vps, list] = await Promise.all([
      hostup.getVpsDetails(args.vpsId),
      hostup.listSnapshots(args.vpsId),
    ]);
    const match = matchSnapshot(vps.name, list, args.snapshot);
    if (!match.ok) return { code: 'refused', refusal: match.refusal };
    const gate = snapshotGateRefusal(vps.name, list, match.value);
    if (gate) return { code: 'refused', refusal: gate };
    return this.#open(
      args,
      {
        kind: 'restore',
        vpsId: vps.id,
        vpsName: vps.name,
        vpsHostname: vps.hostname ?? null,
        snapshot: snapshotRef(match.value),
      },
      list.canCreate,
    );
  }

  /**
   * Undo on a restore's final reply: a new restore request, through the same approval, of the
   * safety point that restore took. The button carries only the operation's id; which snapshot of
   * which VPS comes from the operation's own record, and is matched against HostUp's list again.
   */
  async requestUndo(args: Asker & { operationId: string }): Promise<OpenRequestOutcome> {
    const op = await this.#d.store.getOperation(args.operationId);
    const safety = op ? safetyTaken(stepsOf(op.meta)) : null;
    if (!op || !safety) return { code: 'refused', refusal: { code: 'undo_unavailable' } };
    return this.requestRestore({ ...args, vpsId: safety.vpsId, snapshot: safety.name });
  }

  async requestRestoreFrom(
    args: Asker & { vpsId: string; source: string; backupId: string },
  ): Promise<OpenRequestOutcome> {
    const { hostup } = this.#d.providers;
    const vps = await hostup.getVpsDetails(args.vpsId);
    const gate = restoreFromGateRefusal(vps);
    if (gate) return { code: 'refused', refusal: gate };
    const source = matchSource(vps, await hostup.listRestoreSources(vps.id), args.source);
    if (!source.ok) return { code: 'refused', refusal: source.refusal };
    const backup = matchBackup(source.value, args.backupId);
    if (!backup.ok) return { code: 'refused', refusal: backup.refusal };
    // HostUp documents no route that creates a backup, so the safety point here is a snapshot too.
    let canCreate: Parameters<typeof safetyPreview>[2];
    try {
      canCreate = (await hostup.listSnapshots(vps.id)).canCreate;
    } catch (error) {
      canCreate = { unreadable: `its snapshots could not be read (${toUserMessage(error)})` };
    }
    return this.#open(
      args,
      {
        kind: 'restore-from',
        vpsId: vps.id,
        vpsName: vps.name,
        vpsHostname: vps.hostname ?? null,
        source: { vpsId: source.value.id, name: source.value.name },
        backup: backupRef(backup.value),
      },
      canCreate,
    );
  }

  async #open(
    asker: Asker,
    request: ActionRequest,
    canCreate: Parameters<typeof safetyPreview>[2],
  ): Promise<OpenRequestOutcome> {
    const decision = await this.#d.policy.decideAct({
      user: asker.user,
      request,
      channel: asker.channel,
      ...(asker.breakGlass ? { breakGlass: { reason: asker.breakGlass } } : {}),
    });
    if (decision.verdict === 'deny') return { code: 'refused', refusal: decision.refusal };
    const safety = this.#d.policy.safetyFor(request);
    const need = decision.decision.approval;
    return openApprovalRequest(
      { ...this.#d, defaultTtlMs: this.#d.approvalTtlMs },
      {
        request,
        requester: asker.user,
        channel: asker.channel,
        reason: asker.reason,
        correlationId: asker.correlationId,
        // The restores always need approval, even where the policy would allow acting directly.
        required: decision.verdict === 'approval' ? decision.required : 1,
        approvers: need?.written ?? [],
        ...withApproverIds(need?.approvers),
        ttlMinutes: need?.ttlMinutes ?? null,
        ...(asker.draftId ? { confirmationId: asker.draftId } : {}),
        ...(asker.breakGlass ? { breakGlass: asker.breakGlass } : {}),
        basis: approvalBasis(decision.decision),
        safety: safetyPreview(safety.safetyPoint, safety.graceSeconds, canCreate),
      },
    );
  }
}
