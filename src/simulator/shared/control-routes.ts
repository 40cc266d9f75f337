import type { ControlRequest } from './http-server.js';
import { jsonResponse, type SimResponse } from './sim-response.js';

export const controlOk = (): SimResponse => jsonResponse(200, { ok: true });
export const controlBad = (error: string): SimResponse => jsonResponse(400, { ok: false, error });

/** What every simulator's `/_sim/` surface reaches: faults, the request log and a state dump. */
export interface CommonControlTarget<F> {
  inject(fault: F): void;
  clearFaults(): void;
  readonly requests: readonly unknown[];
  snapshot(): unknown;
}

/**
 * The control routes both API simulators share (no auth; for child processes and the playground).
 * `extra` answers the simulator's own routes, keyed `METHOD /path`, or returns undefined for a 404.
 */
export function handleCommonControl<F>(
  target: CommonControlTarget<F>,
  req: ControlRequest,
  parseFault: (input: unknown) => F | string,
  extra: (route: string, body: unknown) => SimResponse | undefined,
): SimResponse {
  if (req.bodyInvalid) return controlBad('Body is not valid JSON');
  const body = req.body;
  const route = `${req.method} ${req.url.pathname}`;
  switch (route) {
    case 'POST /_sim/faults': {
      const fault = parseFault(body);
      if (typeof fault === 'string') return controlBad(fault);
      target.inject(fault);
      return controlOk();
    }
    case 'DELETE /_sim/faults':
      target.clearFaults();
      return controlOk();
    case 'GET /_sim/requests':
      return jsonResponse(200, { requests: target.requests });
    case 'GET /_sim/state':
      return jsonResponse(200, target.snapshot());
    default:
      return extra(route, body) ?? jsonResponse(404, { ok: false, error: `No control route ${route}` });
  }
}
