import type { RoleMembers, Subjects } from './compiled-policy.js';
import { type ProblemList, suggestion } from './policy-problems.js';
import type { Word } from './read-fields.js';
import { isUserGroupId, isUserId, looksLikeAnId } from './subject-ids.js';

/** The `groups:` section: each name and the ids it stands for. */
export type GroupTable = ReadonlyMap<string, Subjects>;

/**
 * Turns the entries of a role (`operators: [seniors, U0BO, S0OPS]`) into ids, reporting names
 * that are neither an id nor a defined group.
 */
export function resolveRole(words: readonly Word[], groups: GroupTable, problems: ProblemList): RoleMembers {
  const users = new Set<string>();
  const userGroups = new Set<string>();
  for (const word of words) {
    const group = groups.get(word.text);
    if (group) {
      for (const u of group.users) users.add(u);
      for (const g of group.userGroups) userGroups.add(g);
    } else if (isUserId(word.text)) users.add(word.text);
    else if (isUserGroupId(word.text)) userGroups.add(word.text);
    else reportUnknown(word, [...groups.keys()], problems);
  }
  return { subjects: { users, userGroups }, written: words.map((w) => w.text) };
}

/** Members of a group: ids only, so a group means the same wherever it is used. */
export function groupMembers(
  words: readonly Word[],
  groupNames: readonly string[],
  problems: ProblemList,
): Subjects {
  const users = new Set<string>();
  const userGroups = new Set<string>();
  for (const word of words) {
    if (isUserId(word.text)) users.add(word.text);
    else if (isUserGroupId(word.text)) userGroups.add(word.text);
    else if (groupNames.includes(word.text)) {
      problems.add(
        word.line,
        'bad_id',
        `"${word.text}" is a group: a group cannot contain another group`,
        `its members' ids instead`,
      );
    } else reportBadId(word, problems);
  }
  return { users, userGroups };
}

function reportUnknown(word: Word, groupNames: readonly string[], problems: ProblemList): void {
  if (looksLikeAnId(word.text)) {
    reportBadId(word, problems);
    return;
  }
  const close = suggestion(word.text, groupNames, false);
  const fix =
    close ??
    (groupNames.length > 0
      ? `one of the groups (${groupNames.join(', ')}), or a U…/S… id`
      : 'a U…/S… id, or define the group under groups:');
  problems.add(word.line, 'unknown_group', `unknown group "${word.text}"`, fix);
}

function reportBadId(word: Word, problems: ProblemList): void {
  const upper = word.text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const fix = isUserId(upper) || isUserGroupId(upper) ? upper : 'a Slack user id (U…) or user-group id (S…)';
  problems.add(word.line, 'bad_id', `"${word.text}" is not a Slack user or user-group id`, fix);
}
