import { type Resolution, resolveVps } from '../domain/resolve-vps.js';
import type { Vps } from '../domain/vps.js';
import type { VpsApi } from '../domain/vps-api.js';

/**
 * Turns what a person typed (id, name, hostname or primary IP) into one VPS from the API's own
 * list (all pages), or the candidates to pick from, or the closest names. Never builds an id.
 *
 * List items carry no hostname, so a query that looks like a hostname and matched nothing is
 * checked against the details of the few VPSes whose name is its first label (`web-01` for
 * `web-01.example.com`): a handful of reads instead of one per VPS.
 */
export async function findVps(api: VpsApi, query: string): Promise<Resolution> {
  const vpses = await api.listVps();
  const direct = resolveVps(query, vpses);
  if (direct.kind !== 'none' || !query.includes('.')) return direct;

  const firstLabel = query.split('.')[0]!.toLowerCase();
  const candidates = vpses.filter((v) => v.name.toLowerCase() === firstLabel).slice(0, 5);
  const withHostnames: Vps[] = [];
  for (const vps of candidates) {
    const details = await api.getVpsDetails(vps.id);
    withHostnames.push({ ...vps, hostname: details.hostname });
  }
  const byHostname = resolveVps(query, withHostnames);
  return byHostname.kind === 'none' ? direct : byHostname;
}
