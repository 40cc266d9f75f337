import type { AppServerRebootRequest } from '../domain/action-request.js';
import type { AppServer, AppServerApi } from '../domain/app-server.js';
import { type AppServersResolution, resolveAppServers } from '../domain/resolve-app-server.js';

export type AppServerTargets =
  | {
      readonly code: 'request';
      readonly request: AppServerRebootRequest;
      readonly servers: readonly AppServer[];
    }
  /** Some names fit no server or several: nothing is offered until every name is clear. */
  | { readonly code: 'unresolved'; readonly problems: AppServersResolution['problems'] };

/**
 * Turns the names of `/vps appserver reboot` into a reboot request, through Huawei's own list
 * (ids are never built from what was typed), keeping how many people each server had logged in.
 */
export async function appServerTargets(
  api: AppServerApi,
  queries: readonly string[],
  hard: boolean,
): Promise<AppServerTargets> {
  const resolved = resolveAppServers(queries, await api.listAppServers());
  if (resolved.problems.length > 0) return { code: 'unresolved', problems: resolved.problems };
  return {
    code: 'request',
    servers: resolved.servers,
    request: {
      kind: 'appserver-reboot',
      hard,
      servers: resolved.servers.map((s) => ({ id: s.id, name: s.name, sessionCount: s.sessionCount })),
    },
  };
}
