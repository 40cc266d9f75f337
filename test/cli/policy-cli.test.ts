import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const example = join(root, 'docs', 'policy.example.yml');
const dir = mkdtempSync(join(tmpdir(), 'policy-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Runs the CLI as `npm run policy -- …` does, in its own process. */
function policyCli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'policy.ts'), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run policy', () => {
  it('check: accepts the documented example', async () => {
    const run = await policyCli('check', example);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/policy\.example\.yml: valid, 3 rule\(s\), sha256 [0-9a-f]{12}/);
  });

  it('check: lists every problem with its line and exits 2', async () => {
    const bad = file(
      'bad.yml',
      'rules:\n  - match: { name: "db-*" }\n    operators: [senoirs]\n    require_approval: [rstart]\n',
    );
    const run = await policyCli('check', bad);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('line 3: unknown group "senoirs"');
    expect(run.stderr).toContain('line 4: unknown action "rstart"; write restart');
  });

  it('explain: prints the decision, the rule that made it and why, in words', async () => {
    const run = await policyCli(
      'explain',
      example,
      'db-01',
      'U0BO',
      'restart',
      '--at',
      '2026-12-21T10:00:00Z',
    );
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(1, 4)).toEqual([
      'verdict: deny',
      'rule 1 (line 8, match name "db-*"): production databases',
      '  - db-01 is frozen until 3 Jan 2027 00:00 UTC: holiday freeze',
    ]);
    expect(run.stdout).toContain('who may approve: 2 of oncall');
  });

  it('explain: says who will be asked for an approval', async () => {
    const run = await policyCli(
      'explain',
      example,
      'db-01',
      'U0X',
      'reset',
      '--groups',
      'S0SENIORS',
      '--channel',
      'C0PROD',
      '--at',
      '2026-12-02T10:00:00Z',
    );
    expect(run.stdout).toContain('verdict: approval');
    expect(run.stdout).toContain('needs 2 of oncall');
  });

  it('test: passes when every case matches', async () => {
    const cases = file(
      'good-cases.yml',
      [
        '- { server: db-01, user: U0BO, action: restart, channel: C0PROD, at: "2026-12-02T10:00:00Z", expect: allow }',
        '- { server: db-01, user: U0BO, action: reset, at: "2026-12-02T10:00:00Z", expect: approval }',
        '- { server: web-01, user: U0OPS, groups: [S0OPS], action: restart, at: "2026-12-21T10:00:00Z", expect: allow }',
        '- { server: ws-01, provider: huawei, user: U0OPS, groups: [S0OPS], action: appserver-hard-reboot, expect: approval }',
        '- { server: db-01, user: U0ON, groups: [S0ONCALL, S0SENIORS], action: start, at: "2026-12-21T10:00:00Z", break_glass: "INC-7", expect: allow }',
        '',
      ].join('\n'),
    );
    const run = await policyCli('test', example, cases);
    expect({ code: run.code, out: run.stdout.trim() }).toEqual({ code: 0, out: 'all 5 case(s) pass' });
  });

  it('test: prints each mismatch with its rule and reasons and exits 1', async () => {
    const cases = file(
      'wrong-cases.yml',
      'cases:\n  - { name: ops may restart a database, server: db-01, user: U0OPS, groups: [S0OPS], action: restart, expect: allow }\n  - { server: web-01, user: U0OPS, groups: [S0OPS], action: restart, expect: allow }\n',
    );
    const run = await policyCli('test', example, cases);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('wrong-cases.yml:2 "ops may restart a database": expected allow, got deny');
    expect(run.stdout).toContain('- only seniors may act on db-01');
    expect(run.stdout).toContain('1 of 2 case(s) do not match the policy');
  });

  it('test: refuses a bad cases file with every problem and exits 2', async () => {
    const cases = file(
      'bad-cases.yml',
      '- { server: db-01, user: U0BO, action: rstart, expect: alow }\n- { user: U0BO, action: start, expect: deny }\n',
    );
    const run = await policyCli('test', example, cases);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('line 1: unknown action "rstart"; write restart');
    expect(run.stderr).toContain('line 1: expect: "alow" is not a verdict; write allow');
    expect(run.stderr).toContain('line 2: a case needs "server"; write server: db-01');
  });

  it('answers a mistyped command with the usage and exits 64', async () => {
    const run = await policyCli('explain', example, 'db-01', 'U0BO', 'restart', '--chanel', 'C0PROD');
    expect(run.code).toBe(64);
    expect(run.stderr).toContain("Unknown option '--chanel'");
    expect(run.stderr).toContain('usage: npm run policy -- check <policy.yml>');
  });
});
