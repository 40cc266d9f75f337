import type { ActionRequest } from './action-request.js';
import type { Gate } from './vps.js';

/** What the policy's `safety_point` is for a request's servers. */
export type SafetyPointMode = 'required' | 'when_possible' | 'off';

/**
 * What an approval request says, before anyone approves, about the way back and the pause after
 * the last vote: whether a safety snapshot will be taken first (read from HostUp's `canCreate`
 * gate when the request is made; HostUp may still refuse later, and then the thread says so), and
 * how long the countdown lasts.
 */
export interface SafetyPreview {
  readonly mode: SafetyPointMode;
  /** 'snapshot': one will be taken first; 'none': it will not (see `reason`); 'off': the policy says none. */
  readonly plan: 'snapshot' | 'none' | 'off';
  /** HostUp's reason (its own words) when it does not allow a snapshot now, or why it could not be read. */
  readonly reason: string | null;
  /** Seconds between the last approval and the action; 0 runs it at once. */
  readonly graceSeconds: number;
}

/** Only the two restores replace a disk, so only they get a safety point. */
export function wantsSafetyPoint(request: ActionRequest): boolean {
  return request.kind === 'restore' || request.kind === 'restore-from';
}

/** The preview from the policy and the snapshots gate (`undefined`: HostUp sent none, so it decides). */
export function safetyPreview(
  mode: SafetyPointMode,
  graceSeconds: number,
  canCreate: Gate | undefined | { readonly unreadable: string },
): SafetyPreview {
  if (mode === 'off') return { mode, plan: 'off', reason: null, graceSeconds };
  if (canCreate && 'unreadable' in canCreate)
    return { mode, plan: 'none', reason: canCreate.unreadable, graceSeconds };
  if (canCreate && !canCreate.allowed)
    return { mode, plan: 'none', reason: canCreate.reason ?? 'not allowed now', graceSeconds };
  return { mode, plan: 'snapshot', reason: null, graceSeconds };
}
