import { closestMatches } from './edit-distance.js';

/**
 * "Did you mean …?" for a server name nobody has: the closest names (a prefix or a few typos
 * away); failing that, the same name with its numbers written another way (`app-1` for
 * `app-01`); failing that, the names that share its stem (`app-9` → `app-01`, `app-02`, …), so a
 * person who guessed a number past the last one still sees what the servers are called.
 */
export function suggestNames(query: string, names: readonly string[], max = 3): string[] {
  const close = closestMatches(query, names, max);
  if (close.length > 0) return close;
  const q = query.trim().toLowerCase();
  if (q.length === 0) return [];
  const unique = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()];
  const sameNumbers = unique.filter((n) => withoutLeadingZeros(n) === withoutLeadingZeros(q));
  if (sameNumbers.length > 0) return sameNumbers.slice(0, max);
  const stem = stemOf(q);
  if (stem.length < 3) return [];
  return unique
    .filter((n) => n.toLowerCase().startsWith(stem))
    .sort(naturalOrder)
    .slice(0, max);
}

/** "app-007" → "app-7": numbers compared by value. */
function withoutLeadingZeros(name: string): string {
  return name.toLowerCase().replace(/\d+/g, (digits) => String(Number.parseInt(digits, 10)));
}

/** What is left once the trailing number (and anything after the last separator) is dropped. */
function stemOf(name: string): string {
  const separator = Math.max(name.lastIndexOf('-'), name.lastIndexOf('_'), name.lastIndexOf('.'));
  if (separator >= 0 && separator < name.length - 1) return name.slice(0, separator + 1);
  return name.replace(/\d+$/, '');
}

function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}
