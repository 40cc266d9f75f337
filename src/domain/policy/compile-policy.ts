import type { Policy, PolicyRule, Subjects } from './compiled-policy.js';
import { ruleFingerprint, sha256 } from './fingerprint.js';
import { channelSet, parseRule, type RuleDraft } from './parse-rule.js';
import { type PolicyProblem, ProblemList } from './policy-problems.js';
import { asMap, checkKeys, field, wordList } from './read-fields.js';
import { groupMembers } from './resolve-subjects.js';
import { reportUnreachableRules } from './rule-reachability.js';
import { readYaml, type YamlValue } from './yaml-tree.js';

export type CompileResult =
  | { readonly ok: true; readonly policy: Policy }
  | { readonly ok: false; readonly problems: readonly PolicyProblem[] };

const topKeys = ['groups', 'read_channels', 'rules'] as const;
const groupName = /^[a-z][a-z0-9_-]*$/i;

/**
 * Reads a policy file's text into a Policy, or every problem in it at once. All or nothing: a
 * file with any problem gives no policy, so nothing ever runs on half of one.
 */
export function compilePolicy(content: string | Uint8Array, path: string): CompileResult {
  const text = typeof content === 'string' ? content : new TextDecoder().decode(content);
  const yaml = readYaml(text);
  if (!yaml.ok) {
    const problems = yaml.errors.map((e) => ({
      line: e.line,
      code: 'yaml_syntax' as const,
      problem: e.message,
      fix: e.fix ?? 'valid YAML (check the indentation and quotes on this line)',
    }));
    return { ok: false, problems };
  }
  const problems = new ProblemList();
  const root = rootMap(yaml.root, problems);
  if (!root) return { ok: false, problems: problems.sorted() };
  checkKeys(root, topKeys, 'the file', problems);

  const groupsEntry = field(root, 'groups');
  const groups = groupsEntry ? readGroups(groupsEntry.value, problems) : new Map<string, Subjects>();
  const readEntry = field(root, 'read_channels');
  const readChannels = readEntry ? channelSet(readEntry.value, 'read_channels', problems) : null;
  const rulesEntry = field(root, 'rules');
  const drafts: RuleDraft[] = [];
  if (rulesEntry?.value.kind !== 'seq' || rulesEntry.value.items.length === 0) {
    problems.add(
      rulesEntry?.line ?? root.line,
      'no_rules',
      'the policy has no rules, so nobody could do anything',
      'rules:\n  - match: { name: "*" }\n    operators: [S0OPS]',
    );
  } else {
    for (const item of rulesEntry.value.items) {
      const draft = parseRule(item, groups, problems);
      if (draft) drafts.push(draft);
    }
  }
  reportUnreachableRules(drafts, problems);
  if (readChannels) reportUnreadChannels(drafts, readChannels, problems);
  if (problems.size > 0) return { ok: false, problems: problems.sorted() };

  const rules: PolicyRule[] = drafts.map(({ matchLine: _, ...draft }, index) => ({
    ...draft,
    index,
    fingerprint: ruleFingerprint({ ...draft, matchLine: 0 }),
  }));
  return { ok: true, policy: { source: { kind: 'file', path }, hash: sha256(content), readChannels, rules } };
}

function rootMap(root: YamlValue, problems: ProblemList) {
  if (root.kind === 'scalar' && root.value === null) {
    problems.add(
      1,
      'no_rules',
      'the file is empty',
      'at least rules:\n  - match: { name: "*" }\n    operators: [S0OPS]',
    );
    return null;
  }
  return asMap(root, 'the file', 'groups: and rules: at the top level', problems);
}

function readGroups(value: YamlValue, problems: ProblemList): Map<string, Subjects> {
  const groups = new Map<string, Subjects>();
  const map = asMap(value, 'groups', 'groups:\n  seniors: [U0BO, S0SENIORS]', problems);
  if (!map) return groups;
  checkKeys(map, null, 'groups', problems);
  const names = map.entries.map((e) => e.key);
  for (const entry of map.entries) {
    if (groups.has(entry.key)) continue;
    if (!groupName.test(entry.key) || /^[UWSCG][A-Z0-9]{2,}$/.test(entry.key)) {
      problems.add(
        entry.line,
        'bad_id',
        `"${entry.key}" is not usable as a group name`,
        'a lower-case word like seniors or db-team',
      );
    }
    groups.set(entry.key, groupMembers(wordList(entry.value, entry.key, problems), names, problems));
  }
  return groups;
}

/** `/vps` answers nowhere outside read_channels, so acting channels outside it are a mistake. */
function reportUnreadChannels(
  rules: readonly RuleDraft[],
  read: ReadonlySet<string>,
  problems: ProblemList,
): void {
  for (const rule of rules) {
    const missing = [...(rule.channels ?? [])].filter((c) => !read.has(c));
    if (missing.length === 0) continue;
    problems.add(
      rule.line,
      'channel_never_read',
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in read_channels, so /vps never answers there`,
      `read_channels with ${missing.join(', ')} added, or those channels removed from this rule`,
    );
  }
}
