import type { PowerAction } from './actions.js';

/**
 * Two-person approval, as plain data: which actions a deployment can put behind approval, and
 * the states a request goes through. Who must approve what is the policy's (domain/policy/).
 */

export type {
  ActionRequest as ApprovalRequest,
  AppServerRebootRequest as AppServerRebootApproval,
  BackupRef,
  SnapshotRef,
} from './action-request.js';

/**
 * Actions a deployment may put behind approval with VPS_REQUIRE_APPROVAL. The two restores are
 * deliberately NOT in this list: they always need approval, and no setting can say otherwise.
 */
export const approvableActions = ['reset', 'stop', 'hostname', 'appserver-hard-reboot'] as const;
export type ApprovableAction = (typeof approvableActions)[number];

/** The actions that need approval whatever the configuration says. */
export const alwaysApproved = ['restore', 'restore-from'] as const;

/** The part of a request that decides whether it needs approval. */
export type ApprovalQuestion =
  | { readonly kind: 'restore' | 'restore-from' }
  | { readonly kind: 'power'; readonly action: PowerAction; readonly force?: boolean }
  | { readonly kind: 'hostname' }
  | { readonly kind: 'appserver-reboot'; readonly hard: boolean };

/**
 * Whether release 0.1's settings put an action behind approval (restores: always). Kept as the
 * reference the policy's env fallback is tested against (test/domain/policy/policy-from-settings).
 */
export function requiresApproval(
  question: ApprovalQuestion,
  configured: ReadonlySet<ApprovableAction>,
): boolean {
  switch (question.kind) {
    case 'restore':
    case 'restore-from':
      return true;
    case 'power':
      return (question.action === 'reset' || question.action === 'stop') && configured.has(question.action);
    case 'hostname':
      return configured.has('hostname');
    case 'appserver-reboot':
      return question.hard && configured.has('appserver-hard-reboot');
  }
}

/** The status of a request as its message shows it ('executing' only on rows from release 0.1). */
export type ApprovalState =
  | 'pending'
  | 'approved'
  | 'executing'
  | 'executed'
  | 'rejected'
  | 'cancelled'
  | 'expired'
  | 'failed';
