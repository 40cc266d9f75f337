import { readFile } from 'node:fs/promises';
import type { Config } from './config.js';
import {
  type AccessSettings,
  compilePolicy,
  formatProblem,
  PolicyHolder,
  type PolicyLoad,
  type PolicyProblem,
  policyFromSettings,
} from './domain/policy/index.js';
import { ConfigError } from './errors.js';

/**
 * Reads VPS_POLICY_FILE: the one place policy touches the disk. Everything else about policy is
 * pure and lives in domain/policy.
 */
export async function loadPolicyFile(path: string): Promise<PolicyLoad> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'there is no such file'
        : String((error as Error).message);
    return {
      ok: false,
      problems: [
        {
          line: null,
          code: 'file_unreadable',
          problem: `cannot read ${path}: ${reason}`,
          fix: 'the path of a readable policy file',
        },
      ],
    };
  }
  return compilePolicy(bytes, path);
}

/**
 * The policy at start: the file when one is set (every problem in it stops the start), otherwise
 * the environment's settings as one rule. The holder reloads from the same file; without a file
 * there is nothing to reload, so a reload keeps the settings' policy.
 */
export async function startPolicy(
  policyFile: string | null,
  settings: AccessSettings,
): Promise<{ ok: true; holder: PolicyHolder } | { ok: false; problems: readonly PolicyProblem[] }> {
  if (policyFile === null) {
    const policy = policyFromSettings(settings);
    return { ok: true, holder: new PolicyHolder(policy, async () => ({ ok: true, policy })) };
  }
  const first = await loadPolicyFile(policyFile);
  if (!first.ok) return { ok: false, problems: first.problems };
  return { ok: true, holder: new PolicyHolder(first.policy, () => loadPolicyFile(policyFile)) };
}

/** The policy file (or the settings' one rule); a bad file stops the start with every problem named. */
export async function policyAtStart(a: Config['access']): Promise<PolicyHolder> {
  const started = await startPolicy(a.policyFile, {
    operators: a.operators,
    approvers: a.approvers,
    allowedChannels: a.allowedChannels,
    approvalsRequired: a.approvalsRequired,
    requireApproval: a.requireApproval,
    safety: a.safety,
  });
  if (!started.ok) throw new ConfigError(started.problems.map((p) => `VPS_POLICY_FILE ${formatProblem(p)}`));
  return started.holder;
}
