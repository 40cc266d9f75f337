import type { BackupRef, SnapshotRef } from './action-request.js';
import type { Refusal } from './refusals.js';
import type { Backup, Gate, RestoreSource, Snapshot, SnapshotList, VpsDetails } from './vps.js';

/**
 * Matching what a person typed (or picked) against the API's own lists, so a restore never names
 * a snapshot, source or backup the API did not list. Pure functions; each refusal is a code.
 */

export type Match<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly refusal: Refusal };

/** A snapshot by its exact name, else a unique case-insensitive name or display id. */
export function matchSnapshot(vpsName: string, list: SnapshotList, typed: string): Match<Snapshot> {
  const wanted = typed.trim();
  const exact = list.snapshots.find((s) => s.name === wanted);
  const loose = list.snapshots.filter(
    (s) => s.name.toLowerCase() === wanted.toLowerCase() || s.displayId === wanted,
  );
  const found = exact ?? (loose.length === 1 ? loose[0] : undefined);
  if (found) return { ok: true, value: found };
  if (list.snapshots.length === 0) return { ok: false, refusal: { code: 'no_snapshots', server: vpsName } };
  return {
    ok: false,
    refusal: {
      code: 'snapshot_unknown',
      server: vpsName,
      typed: wanted,
      known: list.snapshots.map((s) => s.name),
    },
  };
}

/** The API's refusal to restore a snapshot (list-level gate, then the item's), or null. */
export function snapshotGateRefusal(
  vpsName: string,
  list: SnapshotList,
  snapshot?: Snapshot,
): Refusal | null {
  const gate: Gate | undefined =
    list.canRestore && !list.canRestore.allowed ? list.canRestore : snapshot?.canRestore;
  if (!gate || gate.allowed) return null;
  return { code: 'gate_closed', action: 'restore', server: vpsName, reason: gate.reason };
}

/** The API's refusal to restore another VPS's backup onto `vps`, or null. */
export function restoreFromGateRefusal(vps: VpsDetails): Refusal | null {
  const gate = vps.actions.canRestoreFromAnotherVps;
  if (!gate || gate.allowed) return null;
  return { code: 'gate_closed', action: 'restore-from', server: vps.name, reason: gate.reason };
}

/**
 * A restore source by id, else by a unique case-insensitive name. The documented rule that the
 * source differs from the target is checked first, so naming the target says so plainly.
 */
export function matchSource(
  target: { readonly id: string; readonly name: string },
  sources: readonly RestoreSource[],
  typed: string,
): Match<RestoreSource> {
  const wanted = typed.trim();
  const byId = sources.find((s) => s.id === wanted);
  const byName = sources.filter((s) => s.name.toLowerCase() === wanted.toLowerCase());
  const found = byId ?? (byName.length === 1 ? byName[0] : undefined);
  const isTarget =
    wanted === target.id || wanted.toLowerCase() === target.name.toLowerCase() || found?.id === target.id;
  if (isTarget) return { ok: false, refusal: { code: 'source_is_target', server: target.name } };
  if (found) return { ok: true, value: found };
  if (byName.length > 1) {
    return { ok: false, refusal: { code: 'source_ambiguous', typed: wanted, ids: byName.map((s) => s.id) } };
  }
  return {
    ok: false,
    refusal: {
      code: 'source_unknown',
      server: target.name,
      typed: wanted,
      known: sources.map((s) => s.name),
    },
  };
}

/** A backup of `source` by its id, else by its display id. */
export function matchBackup(source: RestoreSource, typed: string): Match<Backup> {
  const wanted = typed.trim();
  const found =
    source.backups.find((b) => b.id === wanted) ?? source.backups.find((b) => b.displayId === wanted);
  if (found) return { ok: true, value: found };
  return {
    ok: false,
    refusal: {
      code: 'backup_unknown',
      source: source.name,
      typed: wanted,
      known: source.backups.map((b) => b.id),
    },
  };
}

export function snapshotRef(s: Snapshot): SnapshotRef {
  return { name: s.name, createdAt: s.createdAt, expiresAt: s.expiresAt };
}

export function backupRef(b: Backup): BackupRef {
  return { id: b.id, displayId: b.displayId, createdAt: b.createdAt, sizeGb: b.sizeGb };
}

/** "6 h", "45 min", "3 days": how long ago, or how long until. */
export function roughDuration(ms: number): string {
  const minutes = Math.round(Math.max(0, ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}
