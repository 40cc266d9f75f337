import type { ActionRequest } from '../domain/action-request.js';
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
import type { RestoreSource, Snapshot, VpsDetails } from '../domain/vps.js';
import type { ActingDeps } from './acting/acting-deps.js';
import { type OpenRequestOutcome, openApprovalRequest } from './approval-requests.js';

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
    return this.#open(args, {
      kind: 'restore',
      vpsId: vps.id,
      vpsName: vps.name,
      vpsHostname: vps.hostname ?? null,
      snapshot: snapshotRef(match.value),
    });
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
    return this.#open(args, {
      kind: 'restore-from',
      vpsId: vps.id,
      vpsName: vps.name,
      vpsHostname: vps.hostname ?? null,
      source: { vpsId: source.value.id, name: source.value.name },
      backup: backupRef(backup.value),
    });
  }

  async #open(asker: Asker, request: ActionRequest): Promise<OpenRequestOutcome> {
    const decision = await this.#d.policy.decideAct({
      user: asker.user,
      request,
      channel: asker.channel,
      ...(asker.breakGlass ? { breakGlass: { reason: asker.breakGlass } } : {}),
    });
    if (decision.verdict === 'deny') return { code: 'refused', refusal: decision.refusal };
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
        ttlMinutes: need?.ttlMinutes ?? null,
        ...(asker.draftId ? { confirmationId: asker.draftId } : {}),
        ...(asker.breakGlass ? { breakGlass: asker.breakGlass } : {}),
        basis: approvalBasis(decision.decision),
      },
    );
  }
}
