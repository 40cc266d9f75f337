/**
 * Edit distance for "did you mean …?" suggestions: the command parser uses it for mistyped verbs,
 * the VPS resolver for mistyped names.
 */

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions, so "rsetart" is one
 * edit from "restart"). Compared case-insensitively. Stops early and returns `limit + 1` once the
 * distance is certain to exceed `limit`, so long inputs against long names stay cheap.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  const s = [...a.toLowerCase()];
  const t = [...b.toLowerCase()];
  if (Math.abs(s.length - t.length) > limit) return limit + 1;
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;

  let before = new Array<number>(t.length + 1).fill(0);
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  let current = new Array<number>(t.length + 1).fill(0);
  for (let i = 1; i <= s.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        value = Math.min(value, before[j - 2]! + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[t.length]!;
}

/** How far a typo may be from a word and still count as "close": about one edit per three letters. */
export function closeEnough(query: string): number {
  return Math.max(1, Math.floor([...query].length / 3));
}

/**
 * Up to `max` candidates closest to `query`, best first: candidates that start with the query
 * (when it has at least two characters) come first, then those fewest edits away, if that is
 * within `closeEnough(query)`.
 * Duplicates (case-insensitive) are dropped; ties keep the candidates' order.
 */
export function closestMatches(query: string, candidates: Iterable<string>, max = 3): string[] {
  const q = query.trim().toLowerCase();
  if (q.length === 0 || max <= 0) return [];
  const limit = closeEnough(q);
  const scored: { candidate: string; score: number; order: number }[] = [];
  const seen = new Set<string>();
  let order = 0;
  for (const candidate of candidates) {
    const key = candidate.toLowerCase();
    if (key.length === 0 || seen.has(key)) continue;
    seen.add(key);
    order += 1;
    if (q.length >= 2 && key.startsWith(q)) {
      // A prefix ranks ahead of any typo; shorter completions (and the word itself) first.
      scored.push({ candidate, score: -1 / (key.length + 1), order });
      continue;
    }
    const distance = editDistance(q, key, limit);
    if (distance <= limit) scored.push({ candidate, score: distance, order });
  }
  // Typos only at the best distance found: "wbe-01" suggests web-01, not also db-01.
  const bestTypo = Math.min(...scored.map((s) => s.score).filter((score) => score >= 0));
  return scored
    .filter((s) => s.score < 0 || s.score === bestTypo)
    .sort((x, y) => x.score - y.score || x.order - y.order)
    .slice(0, max)
    .map((s) => s.candidate);
}
