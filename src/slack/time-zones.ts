import type { Clock } from '../clock.js';

export interface TimeZonesOptions {
  /** The person's IANA time zone as Slack knows it (`users.info` → `user.tz`), or null. */
  readonly lookup: (user: string) => Promise<string | null>;
  readonly clock: Clock;
  /** How long a zone is trusted (default 1 h: people rarely move, and users.info is Tier 4). */
  readonly ttlMs?: number;
  /** How long a failed lookup is not retried (default 5 min). */
  readonly failureTtlMs?: number;
}

/** What private answers fall back to when Slack cannot say; renderers name it as UTC. */
export const fallbackZone = 'UTC';

/**
 * The time zone of the person an answer is for, so private answers (the audit, jobs, requests,
 * the App Home) read in their own time. Channel messages do not need it: `<!date^…>` shows each
 * reader their own zone there. Looked up once per person and cached; a failure gives UTC for a
 * while instead of asking again on every answer.
 */
export class TimeZones {
  readonly #o: TimeZonesOptions;
  readonly #known = new Map<string, { readonly zone: string; readonly until: number }>();

  constructor(options: TimeZonesOptions) {
    this.#o = options;
  }

  async of(user: string): Promise<string> {
    const now = this.#o.clock.now();
    const cached = this.#known.get(user);
    if (cached && cached.until > now) return cached.zone;
    let zone: string | null = null;
    try {
      zone = validZone(await this.#o.lookup(user));
    } catch {
      zone = null;
    }
    const ttl = zone ? (this.#o.ttlMs ?? 3_600_000) : (this.#o.failureTtlMs ?? 300_000);
    this.#known.set(user, { zone: zone ?? fallbackZone, until: now + ttl });
    return zone ?? fallbackZone;
  }
}

function validZone(zone: string | null): string | null {
  if (!zone) return null;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone;
  } catch {
    return null;
  }
}
