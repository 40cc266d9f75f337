import type { PolicyRule, RoleMembers, RuleMatch, RuleSafety } from './compiled-policy.js';
import { compileGlob } from './glob.js';
import { parseFreeze } from './parse-freeze.js';
import {
  alwaysNeedApproval,
  isPolicyAction,
  type PolicyAction,
  type PolicyProvider,
  policyActions,
  policyProviders,
} from './policy-actions.js';
import { type ProblemList, suggestion } from './policy-problems.js';
import { asMap, checkKeys, field, integerIn, scalarText, wordList } from './read-fields.js';
import { type GroupTable, resolveRole } from './resolve-subjects.js';
import { isChannelId, looksLikeAnId } from './subject-ids.js';
import type { YamlMap, YamlValue } from './yaml-tree.js';

/** A rule as read, before it gets its place and fingerprint. */
export type RuleDraft = Omit<PolicyRule, 'index' | 'fingerprint'> & { readonly matchLine: number };

export const ruleKeys = [
  'match',
  'description',
  'operators',
  'approvers',
  'approvals',
  'require_approval',
  'channels',
  'freeze',
  'break_glass',
  'approval_ttl_minutes',
  'safety_point',
  'grace_seconds',
  'canary',
] as const;

const nobody: RoleMembers = { subjects: { users: new Set(), userGroups: new Set() }, written: [] };
const safetyPoints = ['required', 'when_possible', 'off'] as const;

export function parseRule(value: YamlValue, groups: GroupTable, problems: ProblemList): RuleDraft | null {
  const map = asMap(value, 'a rule', '- match: { name: "*" }', problems);
  if (!map) return null;
  checkKeys(map, ruleKeys, 'a rule', problems);
  const matchEntry = field(map, 'match');
  if (!matchEntry)
    problems.add(map.line, 'missing_key', 'a rule needs "match"', 'match: { name: "*" } for every server');
  const match = matchEntry ? parseMatch(matchEntry.value, problems) : null;
  const role = (key: string) => {
    const entry = field(map, key);
    return entry ? resolveRole(wordList(entry.value, key, problems), groups, problems) : nobody;
  };
  const operators = role('operators');
  const approvers = role('approvers');
  const breakGlass = role('break_glass');
  const approvals = approvalCount(map, approvers, problems);
  const ttlEntry = field(map, 'approval_ttl_minutes');
  const freezeEntry = field(map, 'freeze');
  const descriptionEntry = field(map, 'description');
  const rest = {
    description: descriptionEntry ? (scalarText(descriptionEntry.value)?.trim() ?? null) : null,
    requireApproval: requireApproval(map, problems),
    channels: channels(map, problems),
    approvalTtlMinutes: ttlEntry
      ? integerIn(ttlEntry.value, 'approval_ttl_minutes', 1, 1440, problems)
      : null,
    freeze: freezeEntry ? parseFreeze(freezeEntry.value, problems) : [],
    safety: safety(map, problems),
  };
  if (!match || !matchEntry) return null;
  return {
    line: map.line,
    matchLine: matchEntry.line,
    match,
    operators,
    approvers,
    breakGlass,
    approvals,
    ...rest,
  };
}

/** `approvals` (default 1), checked against approvers listed by id when no group could add more. */
function approvalCount(map: YamlMap, approvers: RoleMembers, problems: ProblemList): number {
  const entry = field(map, 'approvals');
  if (!entry) return 1;
  const approvals = integerIn(entry.value, 'approvals', 1, 20, problems);
  if (approvals === null) return 1;
  const listed = approvers.subjects.users.size;
  if (approvers.subjects.userGroups.size === 0 && listed < approvals) {
    problems.add(
      entry.line,
      'too_few_approvers',
      `approvals: ${approvals} but only ${listed} approver(s) are listed, so no request could ever be approved`,
      `approvals: ${Math.max(1, listed)}, or more approvers`,
    );
  }
  return approvals;
}

function parseMatch(value: YamlValue, problems: ProblemList): RuleMatch | null {
  const map = asMap(value, 'match', 'match: { name: "db-*" }', problems);
  if (!map) return null;
  checkKeys(map, ['name', 'provider'], 'match', problems);
  if (map.entries.length === 0)
    problems.add(map.line, 'missing_key', 'match is empty', 'match: { name: "*" } for every server');
  const nameEntry = field(map, 'name');
  const names = nameEntry ? wordList(nameEntry.value, 'name', problems) : [];
  if (nameEntry && names.length === 0) {
    problems.add(
      nameEntry.line,
      'bad_glob',
      'name is empty, so the rule matches no server',
      'name: "*" for every server',
    );
  }
  const patterns: RegExp[] = [];
  for (const name of names) {
    const glob = compileGlob(name.text);
    if (glob.ok) patterns.push(glob.pattern);
    else problems.add(name.line, 'bad_glob', `bad pattern "${name.text}": ${glob.problem}`, glob.fix);
  }
  const providerEntry = field(map, 'provider');
  let providers: Set<PolicyProvider> | null = null;
  if (providerEntry) {
    providers = new Set();
    for (const word of wordList(providerEntry.value, 'provider', problems)) {
      const lower = word.text.toLowerCase();
      if ((policyProviders as readonly string[]).includes(lower)) providers.add(lower as PolicyProvider);
      else
        problems.add(
          word.line,
          'bad_provider',
          `unknown provider "${word.text}"`,
          suggestion(lower, policyProviders),
        );
    }
  }
  if (!nameEntry) return { names: ['*'], patterns: [/^.*$/u], providers };
  return { names: names.map((n) => n.text), patterns, providers };
}

function requireApproval(map: YamlMap, problems: ProblemList): ReadonlySet<PolicyAction> {
  const actions = new Set<PolicyAction>(alwaysNeedApproval);
  const entry = field(map, 'require_approval');
  for (const word of entry ? wordList(entry.value, 'require_approval', problems) : []) {
    const lower = word.text.toLowerCase();
    if (isPolicyAction(lower)) actions.add(lower);
    else
      problems.add(
        word.line,
        'unknown_action',
        `unknown action "${word.text}"`,
        suggestion(lower, policyActions),
      );
  }
  return actions;
}

function channels(map: YamlMap, problems: ProblemList): ReadonlySet<string> | null {
  const entry = field(map, 'channels');
  if (!entry) return null;
  return channelSet(entry.value, 'channels', problems);
}

/** Channel ids (`C…`, `G…`); an empty list is refused, since it would let nobody act anywhere. */
export function channelSet(value: YamlValue, key: string, problems: ProblemList): ReadonlySet<string> | null {
  const set = new Set<string>();
  const words = wordList(value, key, problems);
  for (const word of words) {
    if (isChannelId(word.text)) set.add(word.text);
    else {
      const upper = word.text.toUpperCase();
      const fix =
        looksLikeAnId(word.text) && isChannelId(upper)
          ? upper
          : 'a channel id like C0123ABCD (channel details → bottom of the About tab)';
      problems.add(word.line, 'bad_id', `"${word.text}" is not a Slack channel id`, fix);
    }
  }
  if (words.length === 0) {
    problems.add(
      value.line,
      'wrong_type',
      `${key} is empty, so no channel would do`,
      `leave ${key} out for every channel`,
    );
  }
  return set.size > 0 ? set : null;
}

function safety(map: YamlMap, problems: ProblemList): RuleSafety {
  const pointEntry = field(map, 'safety_point');
  let safetyPoint: RuleSafety['safetyPoint'] = 'when_possible';
  if (pointEntry) {
    const text = (scalarText(pointEntry.value) ?? '').toLowerCase();
    if ((safetyPoints as readonly string[]).includes(text)) safetyPoint = text as RuleSafety['safetyPoint'];
    else
      problems.add(
        pointEntry.line,
        'bad_choice',
        `safety_point: "${text}" is not a choice`,
        suggestion(text, safetyPoints),
      );
  }
  const graceEntry = field(map, 'grace_seconds');
  const grace = graceEntry ? integerIn(graceEntry.value, 'grace_seconds', 0, 3600, problems) : null;
  const canaryEntry = field(map, 'canary');
  let canary: boolean | null = null;
  if (canaryEntry) {
    const v = canaryEntry.value;
    if (v.kind === 'scalar' && typeof v.value === 'boolean') canary = v.value;
    else problems.add(canaryEntry.line, 'bad_choice', 'canary must be true or false', 'canary: true');
  }
  return { safetyPoint, graceSeconds: grace ?? 30, canary };
}
