import { type ActionName, actionNames } from '../action-request.js';

/**
 * The action names a policy file speaks of: the bot's own action names (domain/action-request.ts),
 * the words people type after `/vps` (with `force-restart` for `restart --force` and the two
 * app-server reboots spelled out), so a rule reads like the commands it governs.
 */
export const policyActions = actionNames;
export type PolicyAction = ActionName;

/** What a decision is asked about: an action, or looking (list, show, jobs…). */
export type PolicyQuestion = PolicyAction | 'read';

/**
 * The two restores replace a disk: they need approval whatever a rule says, so a policy can add
 * actions to approval but never take these two out.
 */
export const alwaysNeedApproval: readonly PolicyAction[] = ['restore', 'restore-from'];

export function isPolicyAction(name: string): name is PolicyAction {
  return (policyActions as readonly string[]).includes(name);
}

/**
 * Providers a rule can match on. A VPS comes from HostUp, an app server from Huawei Cloud
 * Workspace.
 */
export const policyProviders = ['hostup', 'huawei'] as const;
export type PolicyProvider = (typeof policyProviders)[number];
