import type { AppServer } from './app-server.js';

export type RebootProgress = 'rebooting' | 'done' | 'failed';

/**
 * Where one app server is in a reboot, from a single reading of it. Huawei returns no job for a
 * reboot, so this rule is inferred from the status enums, not documented: `vm_status` back to
 * ACTIVE with no `task_status` is done, ERROR is failed, anything else is still rebooting (the
 * caller applies its own time limit). It lives only here so it is easy to change.
 *
 * A reading taken before Huawei has started the reboot can still show ACTIVE with no task, so a
 * follower should not take its very first reading at the instant the request was accepted.
 */
export function rebootProgress(server: Pick<AppServer, 'vmStatus' | 'taskStatus'>): RebootProgress {
  const vm = server.vmStatus?.toUpperCase() ?? null;
  if (vm === 'ERROR') return 'failed';
  if (vm === 'ACTIVE' && (server.taskStatus === null || server.taskStatus === '')) return 'done';
  return 'rebooting';
}
