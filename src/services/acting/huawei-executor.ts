import type { AppServerRebootRequest } from '../../domain/action-request.js';
import type { AppServerApi } from '../../domain/app-server.js';
import type { NotRebooted } from '../../domain/app-server-notifications.js';
import { rebootProgress } from '../../domain/app-server-reboot.js';
import { toUserMessage } from '../../errors.js';
import type { ActionExecutor, CallAnswer, Providers } from './executor.js';

function huaweiOf(providers: Providers): AppServerApi {
  if (!providers.huawei) throw new HuaweiMissing();
  return providers.huawei;
}

/** Thrown when an app-server action reaches a bot without Huawei set up (checked before, normally). */
class HuaweiMissing extends Error {
  readonly code = 'huawei_not_configured';
}

/** Reboots of Huawei Workspace app servers, soft or hard, in batches of at most 20. */
export const huaweiExecutor: ActionExecutor<AppServerRebootRequest> = {
  async recheck(providers, request) {
    if (!providers.huawei) return { code: 'huawei_not_configured' };
    // Servers can be deleted or rebuilt (with a new id) while a request waits.
    const known = new Set((await providers.huawei.listAppServers()).map((s) => s.id));
    const gone = request.servers.filter((s) => !known.has(s.id)).map((s) => s.name);
    return gone.length > 0 ? { code: 'servers_gone', names: gone } : null;
  },

  async call(providers, request): Promise<CallAnswer> {
    const result = await huaweiOf(providers).batchReboot(
      request.servers.map((s) => s.id),
      request.hard ? 'HARD' : 'SOFT',
    );
    const nameOf = new Map(request.servers.map((s) => [s.id, s.name]));
    const notRebooted = result.chunks.flatMap((chunk): NotRebooted[] => {
      if (chunk.outcome === 'accepted') return [];
      const error = chunk.outcome === 'failed' ? toUserMessage(chunk.error) : null;
      const mayHaveActed = chunk.outcome === 'failed' && chunk.mayHaveActed;
      return chunk.ids.map((id) => ({
        id,
        name: nameOf.get(id) ?? id,
        why: chunk.outcome,
        mayHaveActed,
        error,
      }));
    });
    const noneAccepted =
      result.acceptedIds.length > 0
        ? null
        : notRebooted.some((r) => r.mayHaveActed)
          ? 'unknown'
          : 'not_acted';
    return { kind: 'reboot', accepted: result.acceptedIds, notRebooted, noneAccepted };
  },

  describeCall: (request) => ({
    method: 'PATCH',
    path: '/v1/{project_id}/app-servers/actions/batch-reboot',
    body: { items: request.servers.map((s) => s.id), type: request.hard ? 'HARD' : 'SOFT' },
  }),

  async observe(providers, request) {
    const huawei = huaweiOf(providers);
    const servers = await Promise.all(
      request.servers.map(async (s) => {
        const server = await huawei.getAppServer(s.id);
        return { name: s.name, vmStatus: server.vmStatus, taskStatus: server.taskStatus };
      }),
    );
    return { kind: 'appservers', servers };
  },

  busy: (observation) =>
    observation.kind === 'appservers' && observation.servers.some((s) => rebootProgress(s) === 'rebooting'),
};
