import type { SimRequest } from './types.js';

/** One counter for everything the simulator orders: arriving requests and finishing jobs. */
export class Sequence {
  #last = 0;

  next(): number {
    this.#last += 1;
    return this.#last;
  }
}

function vpsIdOf(pathname: string): string | null {
  const match = /^\/api\/v2\/vps\/([^/]+)/.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/**
 * The ordered log of API requests. Entries are recorded on arrival and then completed in place
 * (which fault met them, what the route answered, which job it queued), so the log reads the
 * same in-process and over `GET /_sim/requests` / `GET /_sim/calls`.
 */
export class CallLog {
  readonly requests: SimRequest[] = [];
  readonly #sequence: Sequence;

  constructor(sequence: Sequence) {
    this.#sequence = sequence;
  }

  /** The acting calls (every method but GET/HEAD), in order of arrival. */
  get calls(): SimRequest[] {
    return this.requests.filter((r) => r.acting);
  }

  record(call: { method: string; path: string; url: URL; body: unknown }): SimRequest {
    const entry: SimRequest = {
      seq: this.#sequence.next(),
      method: call.method,
      path: call.path,
      vpsId: vpsIdOf(call.url.pathname),
      acting: call.method !== 'GET' && call.method !== 'HEAD',
      body: call.body,
      at: Date.now(),
      fault: null,
      routeStatus: null,
      jobId: null,
    };
    this.requests.push(entry);
    return entry;
  }
}
