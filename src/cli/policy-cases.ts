import {
  isPolicyAction,
  type PolicyProblem,
  type PolicyQuestion,
  policyActions,
  type Verdict,
} from '../domain/policy/index.js';
import { ProblemList, suggestion } from '../domain/policy/policy-problems.js';
import { asMap, checkKeys, field, scalarText, wordList } from '../domain/policy/read-fields.js';
import { readYaml, type YamlMap } from '../domain/policy/yaml-tree.js';

/** One case of `policy test`: a question and the verdict the team expects. */
export interface PolicyCase {
  readonly line: number;
  readonly name: string | null;
  readonly server: string;
  readonly hostname: string | null;
  readonly provider: 'hostup' | 'huawei';
  readonly user: string;
  readonly groups: readonly string[];
  readonly action: PolicyQuestion;
  readonly channel: string | null;
  readonly at: number | null;
  readonly breakGlass: string | null;
  readonly expect: Verdict;
}

const caseKeys = [
  'name',
  'server',
  'hostname',
  'provider',
  'user',
  'groups',
  'action',
  'channel',
  'at',
  'break_glass',
  'expect',
];
const verdicts: readonly Verdict[] = ['allow', 'deny', 'approval'];
const questions: readonly string[] = [...policyActions, 'read'];

/** Reads a cases file (a list, or `cases:` with a list), reporting every problem with its line. */
export function readCases(
  text: string,
): { ok: true; cases: PolicyCase[] } | { ok: false; problems: readonly PolicyProblem[] } {
  const yaml = readYaml(text);
  if (!yaml.ok) {
    return {
      ok: false,
      problems: yaml.errors.map((e) => ({
        line: e.line,
        code: 'yaml_syntax',
        problem: e.message,
        fix: 'valid YAML',
      })),
    };
  }
  const problems = new ProblemList();
  let list = yaml.root;
  if (list.kind === 'map') {
    checkKeys(list, ['cases'], 'the cases file', problems);
    list = field(list, 'cases')?.value ?? list;
  }
  if (list.kind !== 'seq' || list.items.length === 0) {
    problems.add(
      list.line,
      'no_rules',
      'the file has no cases',
      '- { server: db-01, user: U0BO, action: restart, expect: allow }',
    );
    return { ok: false, problems: problems.sorted() };
  }
  const cases: PolicyCase[] = [];
  for (const item of list.items) {
    const map = asMap(
      item,
      'a case',
      '{ server: db-01, user: U0BO, action: restart, expect: allow }',
      problems,
    );
    const parsed = map ? readCase(map, problems) : null;
    if (parsed) cases.push(parsed);
  }
  return problems.size > 0 ? { ok: false, problems: problems.sorted() } : { ok: true, cases };
}

function readCase(map: YamlMap, problems: ProblemList): PolicyCase | null {
  checkKeys(map, caseKeys, 'a case', problems);
  const text = (key: string): string | null => {
    const entry = field(map, key);
    return entry ? (scalarText(entry.value)?.trim() ?? null) : null;
  };
  const required = (key: string, example: string): string | null => {
    const value = text(key);
    if (value === null || value === '')
      problems.add(map.line, 'missing_key', `a case needs "${key}"`, `${key}: ${example}`);
    return value;
  };
  const server = required('server', 'db-01');
  const user = required('user', 'U0BO');
  const action = required('action', 'restart')?.toLowerCase() ?? null;
  const expected = required('expect', 'allow')?.toLowerCase() ?? null;
  const lineOf = (key: string) => field(map, key)?.line ?? map.line;
  if (action !== null && action !== 'read' && !isPolicyAction(action)) {
    problems.add(
      lineOf('action'),
      'unknown_action',
      `unknown action "${action}"`,
      suggestion(action, questions),
    );
  }
  if (expected !== null && !(verdicts as readonly string[]).includes(expected)) {
    problems.add(
      lineOf('expect'),
      'bad_choice',
      `expect: "${expected}" is not a verdict`,
      suggestion(expected, verdicts),
    );
  }
  const provider = text('provider')?.toLowerCase() ?? 'hostup';
  if (provider !== 'hostup' && provider !== 'huawei') {
    problems.add(
      lineOf('provider'),
      'bad_provider',
      `unknown provider "${provider}"`,
      suggestion(provider, ['hostup', 'huawei']),
    );
  }
  const atText = text('at');
  const at = atText === null ? null : Date.parse(atText);
  if (at !== null && (Number.isNaN(at) || !/(Z|[+-]\d{2}:\d{2})$/i.test(atText ?? ''))) {
    problems.add(
      lineOf('at'),
      'bad_time',
      `at: "${atText}" is not a date and time with a zone`,
      'at: "2026-12-21T10:00:00Z"',
    );
  }
  const groupsEntry = field(map, 'groups');
  const groups = groupsEntry ? wordList(groupsEntry.value, 'groups', problems).map((w) => w.text) : [];
  if (server === null || user === null || action === null || expected === null) return null;
  return {
    line: map.line,
    name: text('name'),
    server,
    hostname: text('hostname'),
    provider: provider as PolicyCase['provider'],
    user,
    groups,
    action: action as PolicyQuestion,
    channel: text('channel'),
    at,
    breakGlass: text('break_glass'),
    expect: expected as Verdict,
  };
}
