import { describe, expect, it } from 'vitest';
import {
  type AuditExportEntry,
  buildAuditExport,
  sha256,
  verifyAuditExport,
} from '../../src/domain/audit-chain.js';

const t0 = Date.parse('2026-11-23T10:00:00Z');
const entries: AuditExportEntry[] = ['requested', 'approved', 'executed', 'completed'].map((outcome, i) => ({
  id: `id-${i}`,
  at: t0 + i * 60_000,
  actor: i === 3 ? 'system' : 'U0ANA',
  action: 'restore',
  target: 'vps_web01',
  outcome,
  detail: { vpsName: 'web-01' },
  correlationId: 'c1',
}));
const header = { exportedAt: t0 + 3_600_000, exportedBy: 'U0ANA', since: t0 - 86_400_000, complete: true };
const lines = (text: string) => text.trimEnd().split('\n');
const join = (list: string[]) => `${list.join('\n')}\n`;

describe('the audit export', () => {
  it('chains every line to the one before, and ends with the count', () => {
    const file = buildAuditExport(header, entries);
    const rows = lines(file.text);
    expect(rows).toHaveLength(entries.length + 2);
    expect(JSON.parse(rows[0]!)).toMatchObject({
      type: 'vps-chatops-audit-export',
      version: 1,
      complete: true,
    });
    for (let i = 1; i < rows.length; i++) expect(JSON.parse(rows[i]!).prevHash).toBe(sha256(rows[i - 1]!));
    expect(JSON.parse(rows.at(-1)!)).toMatchObject({ type: 'end', entries: 4 });
    expect(file.lastHash).toBe(sha256(rows.at(-1)!));
    expect(verifyAuditExport(file.text)).toEqual({ ok: true, entries: 4, lastHash: file.lastHash });
  });

  it('names the first line that was edited', () => {
    const rows = lines(buildAuditExport(header, entries).text);
    rows[2] = rows[2]!.replace('"approved"', '"rejected"');
    expect(verifyAuditExport(join(rows))).toMatchObject({ ok: false, line: 4 });
  });

  it('finds a deleted line, a moved line, and a file cut short', () => {
    const rows = lines(buildAuditExport(header, entries).text);
    expect(verifyAuditExport(join(rows.filter((_, i) => i !== 2)))).toMatchObject({ ok: false, line: 3 });
    const moved = [...rows];
    [moved[2], moved[3]] = [moved[3]!, moved[2]!];
    expect(verifyAuditExport(join(moved))).toMatchObject({ ok: false, line: 3 });
    expect(verifyAuditExport(join(rows.slice(0, -1)))).toMatchObject({
      ok: false,
      line: rows.length,
      reason: expect.stringMatching(/cut short/),
    });
    expect(verifyAuditExport(join(rows.slice(0, -2)))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/cut short/),
    });
  });

  it('refuses a file that is not an export, and lines added after its end', () => {
    expect(verifyAuditExport('{"hello":1}\n')).toMatchObject({ ok: false, line: 1 });
    expect(verifyAuditExport('')).toMatchObject({ ok: false, line: 1 });
    const rows = lines(buildAuditExport(header, entries).text);
    expect(verifyAuditExport(join([...rows, '{"extra":true}']))).toMatchObject({ ok: false });
  });

  it('exports an empty trail as a header and an end line, still verifiable', () => {
    const file = buildAuditExport(header, []);
    expect(lines(file.text)).toHaveLength(2);
    expect(verifyAuditExport(file.text)).toMatchObject({ ok: true, entries: 0 });
  });
});
