import type { ActionRequest } from '../../domain/action-request.js';
import type { ActionExecutor } from './executor.js';
import { hostUpExecutor } from './hostup-executor.js';
import { huaweiExecutor } from './huawei-executor.js';

/** The one place that says which executor carries out which request. */
export function executorFor(request: ActionRequest): ActionExecutor {
  return (request.kind === 'appserver-reboot' ? huaweiExecutor : hostUpExecutor) as ActionExecutor;
}
