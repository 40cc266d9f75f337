import { z } from 'zod';

/**
 * What the page's "HostUp" panel can do to the HostUp simulator, through its own control routes
 * (`/_sim/…` on the simulator, over HTTP, as a separate process would): make the next job fail,
 * rate-limit or slow down the API, take it down, or put everything back.
 */
export const faultNames = ['fail-next-job', 'rate-limit', 'slow', 'outage', 'clear'] as const;
export type FaultName = (typeof faultNames)[number];
export const faultInput = z.object({ user: z.string(), fault: z.enum(faultNames) });

interface Preset {
  /** What the page says is now in force. */
  readonly note: string | null;
  readonly calls: readonly {
    readonly method: 'POST' | 'DELETE';
    readonly path: string;
    readonly body?: unknown;
  }[];
}

const presets: Record<FaultName, Preset> = {
  'fail-next-job': {
    note: 'the next job fails (guest_unresponsive)',
    calls: [
      {
        method: 'POST',
        path: '/_sim/fail-next-job',
        body: { code: 'guest_unresponsive', detail: 'The guest did not respond to ACPI (simulated)' },
      },
    ],
  },
  'rate-limit': {
    note: 'the next 3 calls answer 429, Retry-After 5 s',
    calls: [
      { method: 'POST', path: '/_sim/faults', body: { kind: 'rateLimit', retryAfterSec: 5, times: 3 } },
    ],
  },
  slow: {
    note: 'every call takes 2.5 s longer',
    calls: [{ method: 'POST', path: '/_sim/faults', body: { kind: 'latency', ms: 2500, times: 'Infinity' } }],
  },
  outage: {
    note: 'every call answers 503',
    calls: [
      {
        method: 'POST',
        path: '/_sim/faults',
        body: { kind: 'status', status: 503, code: 'service_unavailable', times: 'Infinity' },
      },
    ],
  },
  clear: { note: null, calls: [{ method: 'DELETE', path: '/_sim/faults' }] },
};

/** Applies a preset to the simulator at `hostupUrl`; resolves with what is now in force (null: nothing). */
export async function applyFault(hostupUrl: string, name: FaultName): Promise<string | null> {
  const preset = presets[name];
  for (const call of preset.calls) {
    const res = await fetch(`${hostupUrl}${call.path}`, {
      method: call.method,
      headers: { 'content-type': 'application/json' },
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
    });
    if (!res.ok) throw new Error(`the HostUp simulator refused ${call.method} ${call.path} (${res.status})`);
    await res.body?.cancel();
  }
  return preset.note;
}
