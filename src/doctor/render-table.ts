import type { CheckResult } from './check.js';

const mark = (r: CheckResult) => (r.skipped ? '–' : r.ok ? '✓' : '✗');

/**
 * The doctor's table: one row per check (mark, name, what was found) and, under it, what to do.
 * Plain text, so it reads the same in a terminal, a CI log and `docker compose run`.
 */
export function renderDoctorTable(results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  const indent = ' '.repeat(width + 7);
  const lines: string[] = ['vps-chatops doctor', ''];
  for (const r of results) {
    const [first = '', ...rest] = r.detail.split('\n');
    lines.push(`  ${mark(r)}  ${r.name.padEnd(width)}  ${first}`);
    for (const line of rest) lines.push(`${indent}${line}`);
    if (r.fix) lines.push(`${indent}→ ${r.fix}`);
  }
  const failures = results.filter((r) => !r.ok);
  lines.push('');
  lines.push(
    failures.length === 0
      ? `All ${results.length} checks passed.`
      : `${failures.length} of ${results.length} checks failed: ${failures.map((r) => r.name).join(', ')}.`,
  );
  return `${lines.join('\n')}\n`;
}
