import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  decide,
  explainRule,
  formatProblem,
  isPolicyAction,
  type Policy,
  type PolicyDecision,
  type PolicyProblem,
  type PolicyQuestion,
  policyActions,
  ruleFor,
  type ServerRef,
} from '../domain/policy/index.js';
import { suggestion } from '../domain/policy/policy-problems.js';
import { loadPolicyFile } from '../policy-file.js';
import { describeDecision, describePreview } from './describe-policy-decision.js';
import { type PolicyCase, readCases } from './policy-cases.js';

/** Exit codes, so CI can tell a wrong policy from a broken file from a mistyped command. */
export const exitCode = { ok: 0, mismatch: 1, badFile: 2, usage: 64 } as const;

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly now: () => number;
}

const usage = [
  'usage: npm run policy -- check <policy.yml>',
  '       npm run policy -- explain <policy.yml> <server> <user> <action> [--channel C…] [--at ISO] [--groups S1,S2] [--provider hostup|huawei] [--hostname H] [--break-glass REASON]',
  '       npm run policy -- test <policy.yml> <cases.yml>',
];

export async function runPolicyCli(args: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === 'check') return await check(rest, io);
    if (command === 'explain') return await explain(rest, io);
    if (command === 'test') return await runCases(rest, io);
  } catch (error) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed options.
    const parseError = String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
    if (!(error instanceof UsageError) && !parseError) throw error;
    io.err((error as Error).message);
    for (const line of usage) io.err(line);
    return exitCode.usage;
  }
  for (const line of usage) io.err(line);
  return exitCode.usage;
}

class UsageError extends Error {}

async function check(args: readonly string[], io: CliIo): Promise<number> {
  const [path] = positionals(args, 1);
  const policy = await load(path!, io);
  if (!policy) return exitCode.badFile;
  io.out(`${path}: valid, ${policy.rules.length} rule(s), sha256 ${policy.hash.slice(0, 12)}`);
  return exitCode.ok;
}

async function explain(args: readonly string[], io: CliIo): Promise<number> {
  const options = {
    channel: { type: 'string' },
    at: { type: 'string' },
    groups: { type: 'string' },
    provider: { type: 'string' },
    hostname: { type: 'string' },
    'break-glass': { type: 'string' },
  } as const;
  const {
    values,
    positionals: [path, server, user, action],
  } = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  if (!path || !server || !user || !action)
    throw new UsageError('explain needs <policy.yml> <server> <user> <action>');
  const question = questionOf(action);
  const at = values.at === undefined ? io.now() : instantOf(values.at);
  const policy = await load(path, io);
  if (!policy) return exitCode.badFile;
  const c: PolicyCase = {
    line: 0,
    name: null,
    server,
    hostname: values.hostname ?? null,
    provider: providerOf(values.provider ?? 'hostup'),
    user,
    groups: (values.groups ?? '').split(/[\s,]+/).filter(Boolean),
    action: question,
    channel: values.channel ?? null,
    at,
    breakGlass: values['break-glass'] ?? null,
    expect: 'allow',
  };
  const { decision, ref } = decisionFor(policy, c, at);
  io.out(
    `${server} (${c.provider}) · ${user} · ${question} · channel ${c.channel ?? 'any allowed'} · ${new Date(at).toISOString()}`,
  );
  for (const line of describeDecision(decision, server)) io.out(line);
  const preview = question === 'read' ? null : explainRule(policy, ref, at);
  if (preview) for (const line of describePreview(preview, at)) io.out(line);
  return exitCode.ok;
}

async function runCases(args: readonly string[], io: CliIo): Promise<number> {
  const [policyPath, casesPath] = positionals(args, 2);
  const policy = await load(policyPath!, io);
  if (!policy) return exitCode.badFile;
  const read = readCases(
    await readFile(casesPath!, 'utf8').catch(() => {
      throw new UsageError(`cannot read ${casesPath}`);
    }),
  );
  if (!read.ok) {
    report(casesPath!, read.problems, io);
    return exitCode.badFile;
  }
  let failed = 0;
  for (const c of read.cases) {
    const { decision } = decisionFor(policy, c, c.at ?? io.now());
    if (decision.verdict === c.expect) continue;
    failed += 1;
    const label = c.name ? `"${c.name}"` : `${c.server} ${c.user} ${c.action}`;
    io.out(`✗ ${casesPath}:${c.line} ${label}: expected ${c.expect}, got ${decision.verdict}`);
    for (const line of describeDecision(decision, c.server).slice(1)) io.out(`    ${line}`);
  }
  const total = read.cases.length;
  io.out(
    failed === 0 ? `all ${total} case(s) pass` : `${failed} of ${total} case(s) do not match the policy`,
  );
  return failed === 0 ? exitCode.ok : exitCode.mismatch;
}

function decisionFor(
  policy: Policy,
  c: PolicyCase,
  at: number,
): { decision: PolicyDecision; ref: ServerRef } {
  const ref: ServerRef = { provider: c.provider, name: c.server, hostname: c.hostname };
  const decision = decide(policy, {
    server: ref,
    action: c.action,
    person: { userId: c.user, userGroups: new Set(c.groups) },
    channel: c.channel ?? anyAllowedChannel(policy, ref),
    at,
    ...(c.breakGlass !== null ? { breakGlass: { reason: c.breakGlass } } : {}),
  });
  return { decision, ref };
}

/** Without --channel the question is "in a channel where this may be asked": the rule's first one. */
function anyAllowedChannel(policy: Policy, server: ServerRef): string {
  const rule = ruleFor(policy, server);
  return [...(rule?.channels ?? policy.readChannels ?? ['(any)'])][0]!;
}

async function load(path: string, io: CliIo): Promise<Policy | null> {
  const loaded = await loadPolicyFile(path);
  if (loaded.ok) return loaded.policy;
  report(path, loaded.problems, io);
  return null;
}

function report(path: string, problems: readonly PolicyProblem[], io: CliIo): void {
  io.err(`${path}: ${problems.length} problem(s):`);
  for (const p of problems) io.err(`  ${formatProblem(p)}`);
}

function positionals(args: readonly string[], count: number): string[] {
  const { positionals: found } = parseArgs({
    args: [...args],
    options: {},
    allowPositionals: true,
    strict: true,
  });
  if (found.length !== count) throw new UsageError(`expected ${count} file argument(s), got ${found.length}`);
  return found;
}

function questionOf(action: string): PolicyQuestion {
  const lower = action.toLowerCase();
  if (lower === 'read' || isPolicyAction(lower)) return lower;
  throw new UsageError(`unknown action "${action}"; write ${suggestion(lower, [...policyActions, 'read'])}`);
}

function providerOf(text: string): 'hostup' | 'huawei' {
  if (text === 'hostup' || text === 'huawei') return text;
  throw new UsageError(`--provider must be hostup or huawei, not "${text}"`);
}

function instantOf(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms) || !/(Z|[+-]\d{2}:\d{2})$/i.test(text))
    throw new UsageError(`--at "${text}" is not a date and time with a zone, e.g. 2026-12-21T10:00:00Z`);
  return ms;
}
