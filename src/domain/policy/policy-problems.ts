import { closestMatches } from '../edit-distance.js';

/**
 * What is wrong with a policy file, one entry per problem, each with the line it is on and what
 * to write instead. These are words for whoever edits the file (the bot's start-up report and
 * the `policy` CLI), not for Slack.
 */
export type PolicyProblemCode =
  | 'file_unreadable'
  | 'yaml_syntax'
  | 'wrong_type'
  | 'unknown_key'
  | 'missing_key'
  | 'no_rules'
  | 'unknown_action'
  | 'unknown_group'
  | 'duplicate_key'
  | 'bad_id'
  | 'bad_glob'
  | 'bad_provider'
  | 'bad_number'
  | 'bad_choice'
  | 'bad_time'
  | 'bad_day'
  | 'bad_timezone'
  | 'freeze_inverted'
  | 'freeze_overlap'
  | 'unreachable_rule'
  | 'channel_never_read'
  | 'too_few_approvers';

export interface PolicyProblem {
  readonly line: number | null;
  readonly code: PolicyProblemCode;
  /** What is wrong, e.g. `unknown action "rstart"`. */
  readonly problem: string;
  /** What to write instead, e.g. `restart`; null when there is nothing better to say. */
  readonly fix: string | null;
}

/** `line 12: unknown action "rstart"; write restart`. */
export function formatProblem(p: PolicyProblem): string {
  const where = p.line === null ? '' : `line ${p.line}: `;
  return p.fix === null ? `${where}${p.problem}` : `${where}${p.problem}; write ${p.fix}`;
}

/** Collects problems in the order they are found; sorted by line when read. */
export class ProblemList {
  readonly #problems: PolicyProblem[] = [];

  add(line: number | null, code: PolicyProblemCode, problem: string, fix: string | null = null): void {
    this.#problems.push({ line, code, problem, fix });
  }

  get size(): number {
    return this.#problems.length;
  }

  sorted(): readonly PolicyProblem[] {
    return [...this.#problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  }
}

/**
 * `restart` for `rstart`, or, when nothing is close, the list to choose from. Among equally close
 * candidates one with the same first letter wins (`rstart` is one edit from `start` too): people
 * rarely mistype the first letter.
 */
export function suggestion(word: string, candidates: readonly string[], listAll = true): string | null {
  const close = closestMatches(word, candidates, 3);
  const first = word.slice(0, 1).toLowerCase();
  const best = close.find((c) => c.slice(0, 1).toLowerCase() === first) ?? close[0];
  if (best !== undefined) return best;
  return listAll && candidates.length > 0 ? `one of ${candidates.join(', ')}` : null;
}
