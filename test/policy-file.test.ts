import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem } from '../src/domain/policy/index.js';
import { loadPolicyFile, startPolicy } from '../src/policy-file.js';

const good = 'rules:\n  - match: { name: "*" }\n    operators: [U0BO]\n';
const other = 'rules:\n  - match: { name: "*" }\n    operators: [U0AL]\n';
const settings = {
  operators: ['U0OPS'],
  approvers: [],
  allowedChannels: [],
  approvalsRequired: 1,
  requireApproval: [],
};
const dirs: string[] = [];

function fileWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-'));
  dirs.push(dir);
  const path = join(dir, 'policy.yml');
  writeFileSync(path, text);
  return path;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadPolicyFile', () => {
  it('reads and compiles a file, hashing its bytes', async () => {
    const path = fileWith(good);
    const loaded = await loadPolicyFile(path);
    expect(loaded.ok && loaded.policy.source).toEqual({ kind: 'file', path });
    expect(loaded.ok && loaded.policy.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(path, 'utf8')).toBe(good);
  });

  it('says plainly when the file is missing', async () => {
    const loaded = await loadPolicyFile('/nonexistent/policy.yml');
    expect(!loaded.ok && loaded.problems.map(formatProblem)).toEqual([
      'cannot read /nonexistent/policy.yml: there is no such file; write the path of a readable policy file',
    ]);
  });
});

describe('startPolicy and reload', () => {
  it('stops at start on a bad file, with its problems', async () => {
    const started = await startPolicy(fileWith('rules: []\n'), settings);
    expect(started.ok).toBe(false);
    expect(!started.ok && started.problems[0]?.code).toBe('no_rules');
  });

  it('replaces the policy with a good new file and keeps the old one on a bad one', async () => {
    const path = fileWith(good);
    const started = await startPolicy(path, settings);
    if (!started.ok) throw new Error('expected a start');
    const { holder } = started;
    const first = holder.current;

    writeFileSync(path, 'rules:\n  - match: { name: "*" }\n    operators: [senoirs]\n');
    const bad = await holder.reload();
    expect(bad).toMatchObject({ ok: false, changed: false, kept: first });
    expect(!bad.ok && bad.problems.map(formatProblem)).toEqual([
      'line 3: unknown group "senoirs"; write a U…/S… id, or define the group under groups:',
    ]);
    expect(holder.current).toBe(first);

    writeFileSync(path, other);
    const reloaded = await holder.reload();
    expect(reloaded).toMatchObject({ ok: true, changed: true });
    expect(holder.current.rules[0]!.operators.subjects.users).toEqual(new Set(['U0AL']));
    expect(await holder.reload()).toMatchObject({ ok: true, changed: false });
  });

  it('uses the settings as one rule when no file is set', async () => {
    const started = await startPolicy(null, settings);
    if (!started.ok) throw new Error('expected a start');
    expect(started.holder.current.source).toEqual({ kind: 'settings' });
    expect(await started.holder.reload()).toMatchObject({ ok: true, changed: false });
  });
});
