import type { AppServer } from './app-server.js';
import { closestMatches } from './edit-distance.js';
import { suggestNames } from './suggest-names.js';

/**
 * Turning what a person typed into Huawei app servers. Like VPS ids, app-server ids are never
 * built by the bot: every id it sends was read from the API's own list, and a name that fits
 * several servers, or none, is answered with a question rather than a guess.
 */
export type AppServerResolution =
  | { readonly kind: 'found'; readonly server: AppServer }
  /** Several servers fit equally well (two with one name, or a name that is another's machine name). */
  | { readonly kind: 'ambiguous'; readonly candidates: readonly AppServer[] }
  /** Nothing fits; `suggestions` are up to three names close to what was typed. */
  | { readonly kind: 'none'; readonly suggestions: readonly string[] };

/** What a list of names came to: the servers found (each once, in the order typed) and the rest. */
export interface AppServersResolution {
  readonly servers: readonly AppServer[];
  readonly problems: readonly {
    readonly query: string;
    readonly resolution: Exclude<AppServerResolution, { kind: 'found' }>;
  }[];
}

const fold = (s: string): string => s.trim().toLowerCase();

/**
 * Exact, case-insensitive match on id, name or machine name. An id match wins outright (ids are
 * unique); otherwise every server that matches on a name counts.
 */
export function resolveAppServer(query: string, servers: readonly AppServer[]): AppServerResolution {
  const q = fold(query);
  if (q.length === 0) return { kind: 'none', suggestions: [] };
  const byId = servers.filter((s) => s.id === query.trim());
  if (byId.length === 1) return { kind: 'found', server: byId[0]! };
  const matches = servers.filter(
    (s) => fold(s.name) === q || (s.machineName !== null && fold(s.machineName) === q),
  );
  if (matches.length === 1) return { kind: 'found', server: matches[0]! };
  if (matches.length > 1) return { kind: 'ambiguous', candidates: matches };
  return { kind: 'none', suggestions: suggestServers(q, servers) };
}

/** Resolves every query; a server named twice (by name and by id) is kept once. */
export function resolveAppServers(
  queries: readonly string[],
  servers: readonly AppServer[],
): AppServersResolution {
  const found = new Map<string, AppServer>();
  const problems: AppServersResolution['problems'][number][] = [];
  for (const query of queries) {
    const resolution = resolveAppServer(query, servers);
    if (resolution.kind === 'found') {
      if (!found.has(resolution.server.id)) found.set(resolution.server.id, resolution.server);
    } else {
      problems.push({ query, resolution });
    }
  }
  return { servers: [...found.values()], problems };
}

/** Names close to the query (see suggestNames); failing that, names of servers whose machine name is close. */
function suggestServers(query: string, servers: readonly AppServer[]): string[] {
  const names = suggestNames(
    query,
    servers.map((s) => s.name),
  );
  if (names.length > 0) return names;
  const withMachine = servers.filter((s) => s.machineName !== null);
  const machines = closestMatches(
    query,
    withMachine.map((s) => s.machineName!),
    3,
  );
  const byMachine = machines.flatMap((m) =>
    withMachine.filter((s) => fold(s.machineName!) === fold(m)).map((s) => s.name),
  );
  return [...new Set(byMachine)].slice(0, 3);
}

/**
 * The servers `/vps appservers <filter>` shows: every word of the filter must appear
 * (case-insensitive) in the name, machine name or server group name. No filter → every server.
 */
export function filterAppServers(
  filter: string | null | undefined,
  servers: readonly AppServer[],
): AppServer[] {
  const words = (filter ?? '').toLowerCase().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return [...servers];
  return servers.filter((s) => {
    const haystack = [s.name, s.machineName, s.serverGroupName]
      .filter((f): f is string => typeof f === 'string')
      .map((f) => f.toLowerCase());
    return words.every((w) => haystack.some((f) => f.includes(w)));
  });
}

/** People logged in across the servers (null counts as none: the API did not say). */
export function totalSessions(servers: readonly Pick<AppServer, 'sessionCount'>[]): number {
  return servers.reduce((sum, s) => sum + (s.sessionCount ?? 0), 0);
}
