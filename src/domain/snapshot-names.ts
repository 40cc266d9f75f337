/**
 * Names of the snapshots the bot takes. HostUp does not publish its rule for a snapshot name; the
 * simulator documents one that keeps a name usable as a path segment (the restore route puts the
 * name in the URL), and the bot keeps to it so a name it makes is never refused for its shape:
 * 1 to 63 letters, digits, dots, hyphens or underscores, starting with a letter or digit.
 */
export const snapshotNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export type SnapshotNameCheck =
  | { readonly ok: true; readonly name: string }
  | { readonly ok: false; readonly reason: string };

/** A name a person typed for `/vps snapshot`, checked before anything is asked of HostUp. */
export function validateSnapshotName(typed: string): SnapshotNameCheck {
  const name = typed.trim();
  if (snapshotNamePattern.test(name)) return { ok: true, name };
  if (name.length > 63)
    return { ok: false, reason: `A snapshot name has at most 63 characters (this one has ${name.length}).` };
  return {
    ok: false,
    reason:
      'A snapshot name is letters, digits, dots, hyphens and underscores, and starts with a letter or digit (like before-upgrade).',
  };
}

/** "20261201-1203": UTC, to the minute, so names sort by when they were taken. */
function stamp(at: number): string {
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 16).replace(':', '')}`;
}

/**
 * `pre-restore-20261201-1203` (the safety point before a restore) or `manual-20261201-1203` (a
 * `/vps snapshot` without a name). Two in the same minute get `-2`, `-3`…: HostUp refuses a name
 * that exists already.
 */
export function snapshotName(purpose: 'safety' | 'manual', at: number, existing: Iterable<string>): string {
  const base = `${purpose === 'safety' ? 'pre-restore' : 'manual'}-${stamp(at)}`;
  const taken = new Set(existing);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
