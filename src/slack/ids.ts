/**
 * Every id Slack sees from this bot lives here: the command name, action ids, callback ids.
 * `manifest.yml` must agree with `slashCommand` and `botScopes` (a test checks).
 */

export const slashCommand = '/vps';

/**
 * Bot token scopes the code uses, and no more: `commands` for /vps, `chat:write` to post and edit the
 * bot's messages, `chat:write.public` so the visible action message can be posted in a public channel
 * the bot was never invited to, `usergroups:read` to expand `S…` groups in VPS_OPERATORS/VPS_APPROVERS,
 * `channels:history`/`groups:history` only to look for its own message after a crash (so a
 * redelivered update is never posted twice; see outbox-sender.ts), `users:read` for each person's
 * time zone in private answers, and `im:write` + `files:write` to hand a person the audit export
 * as a file in their direct messages with the bot.
 */
export const botScopes = [
  'commands',
  'chat:write',
  'chat:write.public',
  'usergroups:read',
  'channels:history',
  'groups:history',
  'users:read',
  'im:write',
  'files:write',
] as const;

/** Block Kit `action_id`s. Values carry the ids the action needs (never built from user text). */
export const ActionId = {
  /** Open the confirmation for a power action: value = {vpsId, action}. */
  requestPowerAction: 'vps.power.request',
  /** Forced restart (its own button, with a confirm dialog): value = {vpsId}. */
  requestForceRestart: 'vps.power.force',
  /** Confirm a pending confirmation: value = confirmation id. */
  confirm: 'vps.confirm',
  /** Cancel a pending confirmation: value = confirmation id. */
  cancel: 'vps.cancel',
  /** Show a VPS card (from an ambiguous pick or a list row): value = vpsId. */
  showVps: 'vps.show',
  /** Next page of a list: value = {filter, offset}. */
  listMore: 'vps.list.more',
  /** Open the snapshot-restore request modal: value = vpsId. */
  requestRestore: 'vps.restore.request',
  /** Open the snapshot-restore modal with one snapshot picked (a row of /vps snapshots): value = {vpsId, snapshot}. */
  requestRestoreSnapshot: 'vps.restore.snapshot',
  /** Open the restore-from-another-VPS modal: value = vpsId. */
  requestRestoreFrom: 'vps.restore_from.request',
  /** The source select in the restore-from modal (dispatches, so the backups can follow): value = source id. */
  pickRestoreSource: 'vps.restore_from.source',
  /** Acknowledge a break-glass use (its after-review): value = review id. */
  acknowledgeReview: 'review.acknowledge',
  /** A restore's final reply: ask to restore the safety point it took. value = operation id. */
  undoRestore: 'operation.undo',
  /** After a failed chunk of a canary reboot: go on with the rest / stop there. value = operation id. */
  continueSteps: 'operation.steps.continue',
  stopSteps: 'operation.steps.stop',
  approve: 'approval.approve',
  reject: 'approval.reject',
  cancelRequest: 'approval.cancel',
} as const;
export type ActionId = (typeof ActionId)[keyof typeof ActionId];

/** Modal `callback_id`s. */
export const CallbackId = {
  restore: 'vps.restore.modal',
  restoreFrom: 'vps.restore_from.modal',
  reject: 'approval.reject.modal',
} as const;

/**
 * Slack wants action ids unique within a block, so buttons of one kind in one block get a suffix
 * (`vps.show:vps_web01`); listeners match the kind with `actionIdPattern`.
 */
export function suffixed(actionId: ActionId, suffix: string | number): string {
  return `${actionId}:${String(suffix).slice(0, 200)}`;
}

/** Matches `actionId` alone or with a `suffixed` ending. */
export function actionIdPattern(actionId: ActionId): RegExp {
  return new RegExp(`^${actionId.replace(/\./g, '\\.')}(?::.*)?$`);
}
