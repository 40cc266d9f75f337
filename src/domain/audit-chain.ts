import { createHash } from 'node:crypto';

/**
 * The audit export: JSON lines that carry their own proof of integrity. The first line is a
 * header saying what was exported; every entry line carries `prevHash`, the sha256 (hex) of the
 * line before it exactly as written; a last line closes the chain with the count. Changing,
 * deleting, reordering or adding a line, or cutting the file short, breaks a hash or the count,
 * and `verifyAuditExport` names the first line that does not fit.
 *
 * Why the chain is computed at export rather than stored in the database: the audit table is
 * already append-only in the database itself (UPDATE and DELETE are refused by triggers), and an
 * unkeyed chain stored next to the rows would not stop someone who can drop those triggers, since
 * they could recompute it too. What a chain adds is proof that a file handed to someone else is
 * the one the bot wrote: the bot tells the person the file's final hash when it sends it.
 */

export const auditExportFormat = 'vps-chatops-audit-export';

export interface AuditExportHeader {
  readonly exportedAt: number;
  readonly exportedBy: string;
  /** Entries from this time (epoch ms) up to `exportedAt`. */
  readonly since: number;
  /** False when there were more entries than one export holds (the oldest are left out). */
  readonly complete: boolean;
}

/** One entry as exported (what the store keeps, with an ISO time for people). */
export interface AuditExportEntry {
  readonly id: string;
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly outcome: string;
  readonly detail: unknown;
  readonly correlationId: string | null;
}

export const sha256 = (line: string): string => createHash('sha256').update(line, 'utf8').digest('hex');

/** The export text (entries oldest first) and the hash of its last line, to tell the person. */
export function buildAuditExport(
  header: AuditExportHeader,
  entries: readonly AuditExportEntry[],
): { text: string; lastHash: string; count: number } {
  const lines = [
    JSON.stringify({
      type: auditExportFormat,
      version: 1,
      exportedAt: new Date(header.exportedAt).toISOString(),
      exportedBy: header.exportedBy,
      since: new Date(header.since).toISOString(),
      complete: header.complete,
    }),
  ];
  entries.forEach((e, i) => {
    lines.push(
      JSON.stringify({
        n: i + 1,
        prevHash: sha256(lines.at(-1)!),
        id: e.id,
        at: new Date(e.at).toISOString(),
        actor: e.actor,
        action: e.action,
        target: e.target,
        outcome: e.outcome,
        detail: e.detail ?? null,
        correlationId: e.correlationId,
      }),
    );
  });
  lines.push(JSON.stringify({ type: 'end', entries: entries.length, prevHash: sha256(lines.at(-1)!) }));
  return { text: `${lines.join('\n')}\n`, lastHash: sha256(lines.at(-1)!), count: entries.length };
}

export type AuditVerification =
  | { readonly ok: true; readonly entries: number; readonly lastHash: string }
  | { readonly ok: false; readonly line: number; readonly reason: string };

/** Checks an export line by line; the first line that does not fit is named (1-based). */
export function verifyAuditExport(text: string): AuditVerification {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  const bad = (line: number, reason: string): AuditVerification => ({ ok: false, line, reason });
  const parsed = lines.map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      return null;
    }
  });
  const header = parsed[0];
  if (!header || header.type !== auditExportFormat || header.version !== 1) {
    return bad(1, `the first line is not a ${auditExportFormat} header (version 1)`);
  }
  for (let i = 1; i < lines.length; i++) {
    const row = parsed[i];
    if (!row) return bad(i + 1, 'not a JSON object');
    if (row.prevHash !== sha256(lines[i - 1]!)) {
      return bad(i + 1, `prevHash does not match line ${i}: a line was changed, removed or moved`);
    }
    if (row.type === 'end') {
      if (i !== lines.length - 1) return bad(i + 2, 'there are lines after the end of the export');
      if (row.entries !== i - 1)
        return bad(i + 1, `the end says ${String(row.entries)} entries, the file has ${i - 1}`);
      return { ok: true, entries: i - 1, lastHash: sha256(lines[i]!) };
    }
    if (row.n !== i) return bad(i + 1, `entry number ${String(row.n)} where ${i} was expected`);
  }
  return bad(lines.length + 1, 'the file ends before its end line: it was cut short');
}
