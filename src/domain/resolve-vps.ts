import { closestMatches } from './edit-distance.js';
import { suggestNames } from './suggest-names.js';
import type { Vps } from './vps.js';

/**
 * Turning what a person typed into one VPS. HostUp ids are never invented (hostup-api.md): a
 * command acts only on the `id` of a VPS found here in a list the API returned, and when the text
 * fits more than one VPS the bot asks rather than guessing.
 */
export type Resolution =
  | { readonly kind: 'found'; readonly vps: Vps }
  /** Several VPSes fit equally well (two with one name, or a name that is another's hostname). */
  | { readonly kind: 'ambiguous'; readonly candidates: readonly Vps[] }
  /**
   * Nothing fits; `suggestions` are up to three VPSes whose names (or hostnames) are close to what
   * was typed, from the same list, so a suggestion can be offered as a button.
   */
  | { readonly kind: 'none'; readonly suggestions: readonly Vps[] };

const fold = (s: string): string => s.trim().toLowerCase();
/** `web-01.example.com.` (with the DNS root dot) names the same host as without it. */
const foldHost = (s: string): string => fold(s).replace(/\.$/, '');

/**
 * Exact, case-insensitive match on id, name, hostname or primary IP. An id match wins outright
 * (ids are unique and unmistakable); otherwise every VPS that matches on any field counts.
 */
export function resolveVps(query: string, vpses: readonly Vps[]): Resolution {
  const q = fold(query);
  if (q.length === 0) return { kind: 'none', suggestions: [] };

  const exactId = vpses.filter((v) => v.id === query.trim());
  if (exactId.length === 1) return { kind: 'found', vps: exactId[0]! };
  const byId = vpses.filter((v) => fold(v.id) === q);
  if (byId.length === 1) return { kind: 'found', vps: byId[0]! };
  if (byId.length > 1) return { kind: 'ambiguous', candidates: byId };

  const host = foldHost(query);
  const matches = vpses.filter(
    (v) =>
      fold(v.name) === q ||
      (v.hostname !== undefined && foldHost(v.hostname) === host) ||
      (v.primaryIp !== null && fold(v.primaryIp) === q),
  );
  if (matches.length === 1) return { kind: 'found', vps: matches[0]! };
  if (matches.length > 1) return { kind: 'ambiguous', candidates: matches };
  return { kind: 'none', suggestions: suggestVpses(q, vpses) };
}

/**
 * VPSes whose names are close to the query (see suggestNames); failing that, those whose hostname
 * is close, so `web01.example.com` suggests `web-01`. One VPS per name, at most three.
 */
function suggestVpses(query: string, vpses: readonly Vps[]): Vps[] {
  const byName = (names: readonly string[]) =>
    names.flatMap((n) => vpses.find((v) => fold(v.name) === fold(n)) ?? []);
  const names = suggestNames(
    query,
    vpses.map((v) => v.name),
  );
  if (names.length > 0) return byName(names);
  const withHost = vpses.filter((v) => v.hostname !== undefined);
  const hosts = closestMatches(
    foldHost(query),
    withHost.map((v) => foldHost(v.hostname!)),
    3,
  );
  const found = hosts.flatMap((h) => withHost.filter((v) => foldHost(v.hostname!) === h));
  return [...new Map(found.map((v) => [fold(v.name), v])).values()].slice(0, 3);
}

/**
 * The VPSes `/vps list <filter>` shows: every word of the filter must appear (case-insensitive)
 * in the name, hostname, primary IP, operating system or power state. Ids are left out on purpose:
 * every id starts with `vps_`, so "vps" would match them all. No filter → every VPS.
 */
export function filterVpses(filter: string | null | undefined, vpses: readonly Vps[]): Vps[] {
  const words = (filter ?? '').toLowerCase().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return [...vpses];
  return vpses.filter((v) => {
    const haystack = [v.name, v.hostname, v.primaryIp, v.operatingSystem, v.powerState]
      .filter((f): f is string => typeof f === 'string')
      .map((f) => f.toLowerCase());
    return words.every((w) => haystack.some((f) => f.includes(w)));
  });
}
