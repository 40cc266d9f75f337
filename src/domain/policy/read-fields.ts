import type { PolicyProblemCode, ProblemList } from './policy-problems.js';
import { suggestion } from './policy-problems.js';
import type { YamlEntry, YamlMap, YamlScalar, YamlValue } from './yaml-tree.js';

/**
 * Small readers over the YAML tree that report what they cannot use and carry on, so one pass
 * over a file finds every problem in it.
 */

export function asMap(value: YamlValue, what: string, fix: string, problems: ProblemList): YamlMap | null {
  if (value.kind === 'map') return value;
  problems.add(value.line, 'wrong_type', `${what} must be a mapping of keys`, fix);
  return null;
}

/** Reports every key not in `allowed` (suggesting the closest one) and every key given twice. */
export function checkKeys(
  map: YamlMap,
  allowed: readonly string[] | null,
  where: string,
  problems: ProblemList,
): void {
  const seen = new Map<string, number>();
  for (const entry of map.entries) {
    const first = seen.get(entry.key);
    if (first !== undefined) {
      problems.add(
        entry.line,
        'duplicate_key',
        `"${entry.key}" is given twice in ${where} (first on line ${first})`,
        `"${entry.key}" once`,
      );
      continue;
    }
    seen.set(entry.key, entry.line);
    if (allowed === null || allowed.includes(entry.key)) continue;
    const fix = suggestion(entry.key, allowed);
    problems.add(entry.line, 'unknown_key', `unknown key "${entry.key}" in ${where}`, fix);
  }
}

export function field(map: YamlMap, key: string): YamlEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

export interface Word {
  readonly text: string;
  readonly line: number;
}

/**
 * A list of words: `[a, b]`, a block list, or one bare word. An empty value is an empty list, so
 * `operators:` with nothing after it reads as nobody.
 */
export function wordList(value: YamlValue, what: string, problems: ProblemList): Word[] {
  if (value.kind === 'scalar') {
    if (value.value === null) return [];
    return [{ text: String(value.value).trim(), line: value.line }];
  }
  if (value.kind === 'map') {
    problems.add(value.line, 'wrong_type', `${what} must be a list`, `${what}: [first, second]`);
    return [];
  }
  const words: Word[] = [];
  for (const item of value.items) {
    if (item.kind !== 'scalar' || item.value === null) {
      problems.add(
        item.line,
        'wrong_type',
        `each entry of ${what} must be a single word`,
        'one name per entry',
      );
      continue;
    }
    words.push({ text: String(item.value).trim(), line: item.line });
  }
  return words;
}

export function scalarText(value: YamlValue): string | null {
  return value.kind === 'scalar' && value.value !== null ? String(value.value) : null;
}

/** A whole number within [min, max], or null after reporting why not. */
export function integerIn(
  value: YamlValue,
  what: string,
  min: number,
  max: number,
  problems: ProblemList,
  code: PolicyProblemCode = 'bad_number',
): number | null {
  const n = (value as YamlScalar).value;
  if (value.kind === 'scalar' && typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max) {
    return n;
  }
  problems.add(value.line, code, `${what} must be a whole number from ${min} to ${max}`, `${what}: ${min}`);
  return null;
}
