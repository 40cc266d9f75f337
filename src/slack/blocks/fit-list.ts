/**
 * Joins as many `items` as fit in `budget` characters, then says how many were left out
 * ("a, b and 3 more"), so a long list never runs into Slack's 3000-character section limit and
 * loses its ending to truncation. At least one item is always shown.
 */
export function fitList(items: readonly string[], budget: number, separator = ', '): string {
  let out = '';
  let shown = 0;
  for (const item of items) {
    const next = shown === 0 ? item : `${out}${separator}${item}`;
    if (shown > 0 && next.length > budget) break;
    out = next;
    shown += 1;
  }
  const left = items.length - shown;
  if (left === 0) return out;
  return `${out}${separator === '\n' ? '\n…' : ''} and ${left} more`;
}
