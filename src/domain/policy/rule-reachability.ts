import { isCatchAllGlob } from './glob.js';
import type { RuleDraft } from './parse-rule.js';
import type { ProblemList } from './policy-problems.js';

/**
 * Reports rules that can never decide anything because an earlier rule catches every server they
 * could match (first match wins). Detected when the earlier rule covers the later one's providers
 * and either matches every name or lists every name the later one lists; globs that merely
 * overlap ("db-*" before "db-0?") are not judged, since some names may still fall through.
 */
export function reportUnreachableRules(rules: readonly RuleDraft[], problems: ProblemList): void {
  rules.forEach((later, j) => {
    const earlier = rules.slice(0, j).find((r) => covers(r, later));
    if (!earlier) return;
    const n = rules.indexOf(earlier) + 1;
    problems.add(
      later.line,
      'unreachable_rule',
      `rule ${j + 1} can never match: rule ${n} (line ${earlier.line}) comes first and catches every server it could`,
      `this rule above line ${earlier.line}, or a narrower match on rule ${n}`,
    );
  });
}

function covers(earlier: RuleDraft, later: RuleDraft): boolean {
  const a = earlier.match;
  const b = later.match;
  const providersCovered =
    a.providers === null || (b.providers !== null && [...b.providers].every((p) => a.providers!.has(p)));
  if (!providersCovered) return false;
  if (a.names.some(isCatchAllGlob)) return true;
  const names = new Set(a.names.map((n) => n.toLowerCase()));
  return b.names.length > 0 && b.names.every((n) => names.has(n.toLowerCase()));
}
