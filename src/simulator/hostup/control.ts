import { controlBad as bad, handleCommonControl, controlOk as ok } from '../shared/control-routes.js';
import { parseFault } from './faults.js';
import { jsonResponse, type SimResponse } from './problem.js';
import type { ControlRequest } from './server.js';
import type { HostUpSimulator, SimEnvelope, SimJobTiming, SimRateLimit } from './types.js';
import { parseVpsPatch } from './vps-patch.js';

/** What `/_sim/` can reach: the simulator's own methods plus a state dump. */
export type ControlTarget = Pick<
  HostUpSimulator,
  | 'inject'
  | 'clearFaults'
  | 'failNextJob'
  | 'setJobTiming'
  | 'setEnvelope'
  | 'setRateLimit'
  | 'requests'
  | 'calls'
  | 'held'
  | 'release'
  | 'updateVps'
> & { snapshot(): unknown };

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const optNum = (v: unknown): boolean =>
  v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0);

/**
 * The HTTP control surface (no auth) for child processes and the playground. Same effects as the
 * methods; a fault's `match.path` can only be a substring here.
 */
export function handleControl(target: ControlTarget, req: ControlRequest): SimResponse {
  return handleCommonControl(target, req, parseFault, (route, body) => hostUpControl(target, route, body));
}

function hostUpControl(target: ControlTarget, route: string, body: unknown): SimResponse | undefined {
  const vpsRoute = /^POST \/_sim\/vps\/([^/]+)$/.exec(route);
  if (vpsRoute?.[1]) {
    const patch = parseVpsPatch(body);
    if (typeof patch === 'string') return bad(patch);
    const id = safeDecode(vpsRoute[1]);
    return target.updateVps(id, patch) ? ok() : jsonResponse(404, { ok: false, error: `No VPS ${id}` });
  }
  switch (route) {
    case 'GET /_sim/calls':
      return jsonResponse(200, { calls: target.calls });
    case 'GET /_sim/held':
      return jsonResponse(200, { held: target.held });
    case 'POST /_sim/release': {
      const seq = isObject(body) ? body.seq : undefined;
      if (seq !== undefined && !(typeof seq === 'number' && Number.isInteger(seq))) {
        return bad('Body must be {} (release every held call) or {seq: <integer>}');
      }
      return jsonResponse(200, { ok: true, released: target.release(seq) });
    }
    case 'POST /_sim/fail-next-job': {
      const opts = isObject(body) ? body : {};
      const pick = (k: string) => (typeof opts[k] === 'string' ? { [k]: opts[k] as string } : {});
      target.failNextJob({ ...pick('action'), ...pick('code'), ...pick('detail') });
      return ok();
    }
    case 'POST /_sim/job-timing': {
      if (
        !isObject(body) ||
        !optNum(body.queuedMs) ||
        !optNum(body.runningMs) ||
        !optNum(body.progressSteps)
      ) {
        return bad('Body must be {queuedMs?, runningMs?, progressSteps?} with numbers >= 0');
      }
      target.setJobTiming(body as SimJobTiming);
      return ok();
    }
    case 'POST /_sim/envelope': {
      const envelope = isObject(body) ? body.envelope : undefined;
      if (envelope !== 'v2' && envelope !== 'legacy') return bad("Body must be {envelope: 'v2' | 'legacy'}");
      target.setEnvelope(envelope as SimEnvelope);
      return ok();
    }
    case 'POST /_sim/rate-limit': {
      if (body === null || (isObject(body) && body.limit === null)) {
        target.setRateLimit(null);
        return ok();
      }
      if (!isObject(body) || typeof body.limit !== 'number' || typeof body.windowMs !== 'number') {
        return bad('Body must be {limit, windowMs} or null');
      }
      target.setRateLimit(body as unknown as SimRateLimit);
      return ok();
    }
    default:
      return undefined;
  }
}
