import type { Clock } from '../clock.js';
import { type Resolution, resolveVps } from '../domain/resolve-vps.js';
import type { Vps } from '../domain/vps.js';
import type { VpsApi } from '../domain/vps-api.js';

export interface VpsFinderOptions {
  readonly api: VpsApi;
  readonly clock: Clock;
  /** How long a hostname read from HostUp is trusted (default 10 min). */
  readonly hostnameTtlMs?: number;
  /** Details read at once while looking hostnames up (default 4). */
  readonly concurrency?: number;
}

/** IPv4 and IPv6 addresses contain dots or colons but are not hostnames. */
const looksLikeIp = (q: string) => /^[\d.]+$/.test(q) || q.includes(':');

/**
 * Turns what a person typed (id, name, hostname or primary IP) into one VPS from the API's own
 * list (all pages), or the candidates to pick from, or the closest names. Never builds an id.
 *
 * HostUp's list carries no hostname, so a query that looks like a hostname is matched against
 * the hostname of every VPS, read from its details. Those are cached for a while (per VPS id), so
 * only the first such lookup reads them all; checking every VPS, not only the likely ones, is what
 * lets two VPSes with the same hostname be told apart instead of one being picked.
 */
export class VpsFinder {
  readonly #o: VpsFinderOptions;
  readonly #hostnames = new Map<string, { readonly hostname: string | undefined; readonly at: number }>();

  constructor(options: VpsFinderOptions) {
    this.#o = options;
  }

  async find(query: string): Promise<Resolution> {
    const vpses = await this.#o.api.listVps();
    const q = query.trim().replace(/\.$/, '');
    if (!q.includes('.') || looksLikeIp(q)) return resolveVps(query, vpses);
    return resolveVps(query, await this.#withHostnames(vpses));
  }

  /** Remembers a hostname read elsewhere (a card, a hostname change), so the next lookup is cheaper. */
  remember(vpsId: string, hostname: string | null | undefined): void {
    this.#hostnames.set(vpsId, { hostname: hostname ?? undefined, at: this.#o.clock.now() });
  }

  async #withHostnames(vpses: readonly Vps[]): Promise<Vps[]> {
    const ttl = this.#o.hostnameTtlMs ?? 10 * 60_000;
    const now = this.#o.clock.now();
    const stale = vpses.filter((v) => {
      const known = this.#hostnames.get(v.id);
      return !known || now - known.at > ttl;
    });
    let next = 0;
    const worker = async () => {
      while (next < stale.length) {
        const vps = stale[next++]!;
        this.remember(vps.id, (await this.#o.api.getVpsDetails(vps.id)).hostname);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#o.concurrency ?? 4, stale.length) }, worker));
    return vpses.map((v) => {
      const hostname = this.#hostnames.get(v.id)?.hostname;
      return hostname === undefined ? v : { ...v, hostname };
    });
  }
}
