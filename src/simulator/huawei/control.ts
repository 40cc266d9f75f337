import { controlBad as bad, handleCommonControl, controlOk as ok } from '../shared/control-routes.js';
import { parseFault } from './faults.js';
import type { ControlRequest } from './server.js';
import { isObject } from './state.js';
import type { HuaweiSimulator, SimAppServerSeed } from './types.js';
import type { SimResponse } from './wire.js';

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

const nonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * The HTTP control surface (no auth) for child processes and the playground. Same effects as the
 * methods; a fault's `match.path` can only be a substring here.
 */
export function handleControl(target: ControlTarget, req: ControlRequest): SimResponse {
  return handleCommonControl(target, req, parseFault, (route, body) => huaweiControl(target, route, body));
}

function huaweiControl(target: ControlTarget, route: string, body: unknown): SimResponse | undefined {
  switch (route) {
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
    default:
      return undefined;
  }
}
