import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAuditExport } from '../../src/domain/audit-chain.js';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI as `npm run audit -- …` does, in its own process. */
function auditCli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'audit.ts'), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const at = Date.parse('2026-11-23T10:00:00Z');
const { text, lastHash } = buildAuditExport(
  { exportedAt: at, exportedBy: 'U0ANA', since: at - 86_400_000, complete: true },
  [1, 2, 3].map((i) => ({
    id: `e${i}`,
    at: at - i * 1000,
    actor: 'U0ANA',
    action: 'restart',
    target: 'vps_web01',
    outcome: 'requested',
    detail: {},
    correlationId: null,
  })),
);

describe('npm run audit -- verify', () => {
  it('says an untouched export is intact, with its last hash, and exits 0', async () => {
    const path = join(dir, 'good.jsonl');
    writeFileSync(path, text);
    const run = await auditCli('verify', path);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`intact, 3 entries, last hash ${lastHash}`);
  });

  it('names the first bad line of an edited export and exits 1', async () => {
    const path = join(dir, 'edited.jsonl');
    writeFileSync(path, text.replace('"e2"', '"e9"'));
    const run = await auditCli('verify', path);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/edited\.jsonl: line 4: prevHash does not match line 3/);
  });

  it('exits 1 for a file it cannot read and 64 for a mistyped command', async () => {
    expect((await auditCli('verify', join(dir, 'missing.jsonl'))).code).toBe(1);
    const wrong = await auditCli('check');
    expect(wrong.code).toBe(64);
    expect(wrong.stderr).toContain('usage: npm run audit -- verify <export.jsonl>');
  });
});
