import type { ActionName, ActionRequest } from './action-request.js';
import { actionNameOf } from './action-request.js';

/**
 * What the bot knows about each action, apart from how to carry it out (services/acting) and how
 * to say it (slack/blocks/action-words.ts): which provider runs it, whether it destroys something
 * (then only one open request per server) and whether approval can ever be skipped.
 */
export interface ActionInfo {
  readonly name: ActionName;
  readonly provider: 'hostup' | 'huawei';
  /** Loses data or cuts people off: at most one open request of this kind per server. */
  readonly destructive: boolean;
  /** Needs a second person whatever the configuration says (the restores). */
  readonly alwaysNeedsApproval: boolean;
  /** The verb of its audit entries. */
  readonly auditName: string;
}

const hostup = (name: ActionName, more: Partial<ActionInfo> = {}): ActionInfo => ({
  name,
  provider: 'hostup',
  destructive: false,
  alwaysNeedsApproval: false,
  auditName: name,
  ...more,
});

export const actionCatalogue: Readonly<Record<ActionName, ActionInfo>> = {
  start: hostup('start'),
  shutdown: hostup('shutdown'),
  stop: hostup('stop', { destructive: true }),
  restart: hostup('restart'),
  'force-restart': hostup('force-restart', { auditName: 'restart --force' }),
  reset: hostup('reset', { destructive: true }),
  hostname: hostup('hostname'),
  restore: hostup('restore', { destructive: true, alwaysNeedsApproval: true }),
  'restore-from': hostup('restore-from', {
    destructive: true,
    alwaysNeedsApproval: true,
  }),
  snapshot: hostup('snapshot'),
  'appserver-reboot': {
    name: 'appserver-reboot',
    provider: 'huawei',
    destructive: false,
    alwaysNeedsApproval: false,
    auditName: 'appserver reboot',
  },
  'appserver-hard-reboot': {
    name: 'appserver-hard-reboot',
    provider: 'huawei',
    destructive: true,
    alwaysNeedsApproval: false,
    auditName: 'appserver reboot --hard',
  },
};

export function actionInfo(request: ActionRequest): ActionInfo {
  return actionCatalogue[actionNameOf(request)];
}
