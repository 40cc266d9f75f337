import type { RebootType } from '../../domain/app-server.js';
import { serializeServer } from './inventory.js';
import { type ApiRequest, isObject, type SimState } from './state.js';
import { jsonResponse, type SimResponse, tokenRefused, wksErrors, wksKnown } from './wire.js';

const batchReboot = /^\/v1\/([^/]+)\/app-servers\/actions\/batch-reboot$/;
const one = /^\/v1\/([^/]+)\/app-servers\/([^/]+)$/;
const list = /^\/v1\/([^/]+)\/app-servers$/;

function int(raw: string | null, fallback: number): number | null {
  if (raw === null || raw === '') return fallback;
  return /^\d+$/.test(raw) ? Number(raw) : null;
}

/**
 * The Workspace routes: the caller first (401 like the API gateway, for a token or an AK/SK
 * signature), then the project of the path (403 for another project's token or X-Project-Id),
 * then the route (404/405 otherwise).
 */
export function routeWorkspace(state: SimState, req: ApiRequest): SimResponse {
  const path = req.url.pathname;
  const caller = authenticate(state, req);
  if ('refused' in caller) return caller.refused;
  const project = /^\/v1\/([^/]+)\//.exec(path)?.[1];
  if (project !== state.projectId || caller.projectId !== state.projectId)
    return wksKnown(wksErrors.forbidden);

  let match = batchReboot.exec(path);
  if (match) return req.method === 'PATCH' ? reboot(state, req) : wksKnown(wksErrors.methodNotAllowed);
  match = one.exec(path);
  if (match)
    return req.method === 'GET' ? show(state, decode(match[2])) : wksKnown(wksErrors.methodNotAllowed);
  if (list.test(path))
    return req.method === 'GET' ? listServers(state, req.url) : wksKnown(wksErrors.methodNotAllowed);
  return wksKnown(wksErrors.notFound, `No route for ${path}.`);
}

/** The project the caller acts in, or the 401 to answer. AK/SK without X-Project-Id: the region's one project. */
function authenticate(
  state: SimState,
  req: ApiRequest,
): { projectId: string | null } | { refused: SimResponse } {
  if (req.signature) {
    return req.signature.ok
      ? { projectId: req.signature.projectId ?? state.projectId }
      : { refused: req.signature.response };
  }
  const check = state.tokens.check(req.authToken);
  if (check.state === 'missing') return { refused: tokenRefused('The X-Auth-Token header is missing.') };
  if (check.state === 'unknown')
    return { refused: tokenRefused('Incorrect token or token resolution failed') };
  if (check.state === 'expired') return { refused: tokenRefused('The token has expired.') };
  return { projectId: check.projectId };
}

function decode(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    return segment ?? '';
  }
}

function listServers(state: SimState, url: URL): SimResponse {
  const q = url.searchParams;
  const offset = int(q.get('offset'), 0);
  const limit = int(q.get('limit'), state.pageSizeDefault);
  if (offset === null || limit === null || limit < 1 || limit > 100) return wksKnown(wksErrors.paramInvalid);
  const all = state.inventory.list({
    serverName: q.get('server_name'),
    machineName: q.get('machine_name'),
    ipAddr: q.get('ip_addr'),
    serverGroupId: q.get('server_group_id'),
    serverId: q.get('server_id'),
  });
  return jsonResponse(200, {
    count: all.length,
    items: all.slice(offset, offset + limit).map(serializeServer),
  });
}

function show(state: SimState, id: string): SimResponse {
  const server = state.inventory.get(id);
  return server
    ? jsonResponse(200, serializeServer(server))
    : wksKnown(wksErrors.notFound, `No app server ${id}.`);
}

/** Validates everything before acting, so a refused request reboots nothing. */
function reboot(state: SimState, req: ApiRequest): SimResponse {
  if (req.bodyInvalid || !isObject(req.body)) return wksKnown(wksErrors.messageInvalid);
  const { items, type } = req.body;
  if (
    !Array.isArray(items) ||
    items.length < 1 ||
    items.length > 20 ||
    !items.every((id) => typeof id === 'string' && id !== '') ||
    (type !== 'SOFT' && type !== 'HARD')
  ) {
    return wksKnown(wksErrors.paramInvalid);
  }
  const servers = (items as string[]).map((id) => ({ id, server: state.inventory.get(id) }));
  const missing = servers.filter((s) => !s.server).map((s) => s.id);
  if (missing.length > 0) return wksKnown(wksErrors.notFound, `No such app servers: ${missing.join(', ')}.`);
  for (const { server } of servers) if (server) state.reboots.reboot(server, type as RebootType);
  // Documented: 200 with an empty (null) body, no job id.
  return { status: 200, headers: {}, body: '' };
}
