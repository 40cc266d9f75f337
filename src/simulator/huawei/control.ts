import { parseFault } from './faults.js';
import type { ControlRequest } from './server.js';
import { isObject } from './state.js';
import type { HuaweiSimulator, SimAppServerSeed } from './types.js';
import { jsonResponse, type SimResponse } from './wire.js';

/** What `/_sim/` can reach: the simulator's own methods plus a state dump. */
export type ControlTarget = Pick<
  HuaweiSimulator,
  | 'inject'
  | 'clearFaults'
  | 'expireTokens'
  | 'setTokenTtl'
  | 'setRebootTiming'
  | 'failNextReboot'
  | 'seed'
  | 'requests'
> & { snapshot(): unknown };

const ok = (): SimResponse => jsonResponse(200, { ok: true });
const bad = (error: string): SimResponse => jsonResponse(400, { ok: false, error });
const nonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * The HTTP control surface (no auth) for child processes and the playground. Same effects as the
 * methods; a fault's `match.path` can only be a substring here.
 */
export function handleControl(target: ControlTarget, req: ControlRequest): SimResponse {
  if (req.bodyInvalid) return bad('Body is not valid JSON');
  const body = req.body;
  const route = `${req.method} ${req.url.pathname}`;
  switch (route) {
    case 'POST /_sim/faults': {
      const fault = parseFault(body);
      if (typeof fault === 'string') return bad(fault);
      target.inject(fault);
      return ok();
    }
    case 'DELETE /_sim/faults':
      target.clearFaults();
      return ok();
    case 'POST /_sim/expire-tokens':
      target.expireTokens();
      return ok();
    case 'POST /_sim/token-ttl':
      if (!isObject(body) || !nonNegative(body.ttlMs)) return bad('Body must be {ttlMs} with a number >= 0');
      target.setTokenTtl(body.ttlMs);
      return ok();
    case 'POST /_sim/reboot-timing':
      if (!isObject(body) || !nonNegative(body.rebootMs))
        return bad('Body must be {rebootMs} with a number >= 0');
      target.setRebootTiming({ rebootMs: body.rebootMs });
      return ok();
    case 'POST /_sim/fail-next-reboot':
      if (!isObject(body) || typeof body.serverId !== 'string') return bad('Body must be {serverId}');
      target.failNextReboot(body.serverId);
      return ok();
    case 'POST /_sim/servers': {
      const servers = isObject(body) ? body.servers : undefined;
      if (!Array.isArray(servers) || !servers.every((s) => isObject(s) && typeof s.name === 'string')) {
        return bad('Body must be {servers: [{name, id?, sessionCount?, …}]}');
      }
      target.seed(servers as SimAppServerSeed[]);
      return ok();
    }
    case 'GET /_sim/requests':
      return jsonResponse(200, { requests: target.requests });
    case 'GET /_sim/state':
      return jsonResponse(200, target.snapshot());
    default:
      return jsonResponse(404, { ok: false, error: `No control route ${route}` });
  }
}
