import { controlBad as bad, handleCommonControl, controlOk as ok } from '../shared/control-routes.js';
import { parseFault } from './faults.js';
import type { SimResponse } from './problem.js';
import type { ControlRequest } from './server.js';
import type { HostUpSimulator, SimEnvelope, SimJobTiming, SimRateLimit } from './types.js';

/** What `/_sim/` can reach: the simulator's own methods plus a state dump. */
export type ControlTarget = Pick<
  HostUpSimulator,
  'inject' | 'clearFaults' | 'failNextJob' | 'setJobTiming' | 'setEnvelope' | 'setRateLimit' | 'requests'
> & { snapshot(): unknown };

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
  switch (route) {
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
