/**
 * What a benchmark hands back: titled tables plus notes, printed as aligned text on the console and
 * as Markdown in bench/RESULTS.md. Figures only; nothing here passes or fails.
 */
export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface BenchSection {
  readonly title: string;
  /** One line on what was measured and how. */
  readonly setup: readonly string[];
  readonly tables: readonly Table[];
  /** Caveats and figures that do not fit a table (load, scaling, missing seams). */
  readonly notes: readonly string[];
}

export function renderText(section: BenchSection): string {
  const out = [`== ${section.title} ==`, ...section.setup.map((s) => `  ${s}`), ''];
  for (const table of section.tables) {
    const widths = table.columns.map((c, i) =>
      Math.max(c.length, ...table.rows.map((r) => (r[i] ?? '').length)),
    );
    const line = (cells: readonly string[]) =>
      cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
    out.push(
      `  ${table.title}`,
      `  ${line(table.columns)}`,
      `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`,
    );
    for (const row of table.rows) out.push(`  ${line(row)}`);
    out.push('');
  }
  for (const note of section.notes) out.push(`  * ${note}`);
  return `${out.join('\n')}\n`;
}

export function renderMarkdown(section: BenchSection): string {
  const out = [`## ${section.title}`, '', ...section.setup.map((s) => `${s}  `), ''];
  for (const table of section.tables) {
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    out.push(
      `**${table.title}**`,
      '',
      `| ${table.columns.map(cell).join(' | ')} |`,
      `|${table.columns.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
      ...table.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
      '',
    );
  }
  for (const note of section.notes) out.push(`- ${note}`);
  return `${out.join('\n')}\n`;
}
