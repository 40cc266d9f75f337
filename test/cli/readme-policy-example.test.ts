import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPolicyCli } from '../../src/cli/policy-cli.js';
import { compilePolicy, formatProblem } from '../../src/domain/policy/index.js';

const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const exampleFile = readFileSync(join(root, 'docs', 'policy.example.yml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'readme-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The YAML code blocks of the README's "Policy file" section, in order. */
function policySectionBlocks(): string[] {
  const start = readme.indexOf('### Policy file');
  const end = readme.indexOf('\n### ', start + 1);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('the README’s policy example', () => {
  it('is the same as docs/policy.example.yml', () => {
    expect(policySectionBlocks()[0]).toBe(exampleFile);
  });

  it('is a valid policy', () => {
    const result = compilePolicy(exampleFile, 'docs/policy.example.yml');
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
  });

  it('agrees with the README’s cases example', async () => {
    const policyPath = join(dir, 'policy.yml');
    const casesPath = join(dir, 'cases.yml');
    writeFileSync(policyPath, policySectionBlocks()[0]!);
    writeFileSync(casesPath, policySectionBlocks()[1]!);
    const out: string[] = [];
    const code = await runPolicyCli(['test', policyPath, casesPath], {
      out: (line) => out.push(line),
      err: (line) => out.push(line),
      now: () => Date.parse('2026-12-02T10:00:00Z'),
    });
    expect({ code, out }).toEqual({ code: 0, out: ['all 4 case(s) pass'] });
  });
});
