import type { ApprovableAction } from '../approvals.js';
import type { Policy, RoleMembers, RuleSafety } from './compiled-policy.js';
import { ruleFingerprint, sha256 } from './fingerprint.js';
import type { RuleDraft } from './parse-rule.js';
import { alwaysNeedApproval, type PolicyAction } from './policy-actions.js';
import { isUserGroupId, isUserId } from './subject-ids.js';

/** The access settings as config.ts reads them from the environment. */
export interface AccessSettings {
  readonly operators: readonly string[];
  readonly approvers: readonly string[];
  /** Empty means every channel. */
  readonly allowedChannels: readonly string[];
  readonly approvalsRequired: number;
  readonly requireApproval: readonly ApprovableAction[];
  /** VPS_SAFETY_POINT, VPS_GRACE_SECONDS, VPS_CANARY; the policy file's defaults when left out. */
  readonly safety?: RuleSafety;
}

const defaultSafety: RuleSafety = { safetyPoint: 'when_possible', graceSeconds: 30, canary: null };

/**
 * The policy of a deployment without a policy file: one rule for every server, meaning what the
 * variables always meant. Operators act and approvers approve on every server; the allowed
 * channels limit reading and acting alike; the restores and whatever VPS_REQUIRE_APPROVAL lists
 * (its `appserver-hard-reboot` is the action of the same name) wait for approval. No freezes and
 * no break-glass: the variables never had them.
 */
export function policyFromSettings(settings: AccessSettings): Policy {
  const channels = settings.allowedChannels.length > 0 ? new Set(settings.allowedChannels) : null;
  const draft: RuleDraft = {
    line: null,
    matchLine: 0,
    description: null,
    match: { names: ['*'], patterns: [/^.*$/u], providers: null },
    operators: role(settings.operators),
    approvers: role(settings.approvers),
    breakGlass: role([]),
    approvals: settings.approvalsRequired,
    requireApproval: new Set<PolicyAction>([...alwaysNeedApproval, ...settings.requireApproval]),
    channels,
    approvalTtlMinutes: null,
    freeze: [],
    safety: settings.safety ?? defaultSafety,
  };
  const { matchLine: _, ...rule } = draft;
  const canonical = JSON.stringify({
    operators: [...settings.operators].sort(),
    approvers: [...settings.approvers].sort(),
    allowedChannels: [...settings.allowedChannels].sort(),
    approvalsRequired: settings.approvalsRequired,
    requireApproval: [...settings.requireApproval].sort(),
    ...(settings.safety ? { safety: settings.safety } : {}),
  });
  return {
    source: { kind: 'settings' },
    hash: sha256(canonical),
    readChannels: channels,
    rules: [{ ...rule, index: 0, fingerprint: ruleFingerprint(draft) }],
  };
}

/** config.ts has already refused anything that is not an id, so only ids arrive here. */
function role(ids: readonly string[]): RoleMembers {
  return {
    subjects: { users: new Set(ids.filter(isUserId)), userGroups: new Set(ids.filter(isUserGroupId)) },
    written: [...ids],
  };
}
