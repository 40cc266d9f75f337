import type { OperationSubject } from '../../domain/notifications.js';
import type { SafetyPreview } from '../../domain/safety-preview.js';
import type { AfterCheck } from '../../domain/step-notifications.js';
import { toUserMessage } from '../../errors.js';
import { ActionId } from '../ids.js';
import { actions, type Block, button, esc } from './elements.js';
import { formatDuration } from './time-words.js';

/**
 * The words of the safety features: the safety point an approval request promises (or cannot),
 * the countdown after the last vote, the after-check of a finished action and the Undo button.
 */

/** "running, up 14 s", or a flag: `flag` when the server is not in the state the action should leave. */
export function afterCheckText(name: string, check: AfterCheck): { text: string; flag: boolean } {
  if (check.kind === 'unreadable') {
    return { text: `its live status could not be read (${esc(toUserMessage(check.error))})`, flag: true };
  }
  if (check.powerState !== check.expected) {
    return { text: `${esc(name)} reports ${esc(check.powerState)}`, flag: true };
  }
  const up = check.uptimeSeconds != null ? `, up ${formatDuration(check.uptimeSeconds * 1000)}` : '';
  return { text: `${esc(check.powerState)}${up}`, flag: false };
}

/** "Undo (restore pre-restore-20261201-1203)": carries the operation id, never the snapshot name. */
export function undoButton(s: OperationSubject, snapshotName: string): Block {
  return actions('operation_undo', [
    button({
      actionId: ActionId.undoRestore,
      text: `Undo (restore ${snapshotName})`,
      value: s.operationId,
      confirm: {
        title: 'Ask to undo this restore?',
        text: `This posts a new request to restore ${esc(s.targetName)} to the safety point ${esc(snapshotName)}, taken just before this restore. It replaces the disk again, so it needs approval too.`,
        confirm: 'Ask for approval',
      },
    }),
  ]);
}

/** The approval request's line about the way back, said before anyone approves. */
export function safetyPointLine(p: SafetyPreview, vpsName: string): string {
  const vps = `*${esc(vpsName)}*`;
  switch (p.plan) {
    case 'snapshot':
      return `:camera_with_flash: *Safety point:* a snapshot of ${vps} is taken first, and the restore starts only once it is complete; the final reply offers to undo.`;
    case 'off':
      return `:warning: *No safety point:* the policy takes none for ${vps} (\`safety_point: off\`). There will be no Undo.`;
    case 'none':
      return p.mode === 'required'
        ? `:no_entry: *No safety point possible now:* HostUp does not allow a snapshot of ${vps} (${esc(p.reason ?? 'no reason given')}), and the policy requires one: unless that changes, approving will not restore anything.`
        : `:warning: *No safety point:* HostUp does not allow a snapshot of ${vps} now (${esc(p.reason ?? 'no reason given')}). Approving restores without a way back.`;
  }
}

/** "Restoring in 30 s" while the countdown runs. */
export function countdownText(verbIng: string, seconds: number): string {
  const word = verbIng.charAt(0).toUpperCase() + verbIng.slice(1);
  return `${word} in ${seconds} s`;
}
