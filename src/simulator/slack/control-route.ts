import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseLimitsOption } from './rate-limits.js';
import { readBody, sendJson } from './request-body.js';
import type { FakeRateLimits, FakeSocketMode } from './types.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalMs = (v: unknown): boolean =>
  v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0);

/**
 * The fake Slack's control surface under /_sim/ (no auth: for bots in child processes, benchmarks
 * and the playground). The same effects as `fake.rateLimits` and `fake.socket`:
 *
 * - `GET /_sim/rate-limits` → `{limits: {enabled, speed, methods}, stats: {methods, channels}}`
 * - `PUT /_sim/rate-limits` with `"off"` or `{speed?, methods?}` (the `limits` option) → `{ok, limits}`
 * - `DELETE /_sim/rate-limits/stats` → `{ok}`
 * - `GET /_sim/socket` → `{connections, opened, refused, acks}`
 * - `POST /_sim/socket/refresh` with `{warningMs?, closeAfterMs?}` → 202 `{ok}` (runs in the background)
 * - `POST /_sim/socket/disconnect` with `{reason}` → `{ok}`
 * - `POST /_sim/socket/terminate` → `{ok}`
 */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  target: { rateLimits: FakeRateLimits; socket: FakeSocketMode },
): Promise<void> {
  const raw = await readBody(req);
  let body: unknown = null;
  if (raw.trim() !== '') {
    try {
      body = JSON.parse(raw);
    } catch {
      return sendJson(res, 400, { ok: false, error: 'Body is not valid JSON' });
    }
  }
  const bad = (error: string) => sendJson(res, 400, { ok: false, error });
  const { rateLimits, socket } = target;
  switch (`${req.method} ${path}`) {
    case 'GET /_sim/rate-limits':
      return sendJson(res, 200, { limits: rateLimits.limits, stats: rateLimits.stats() });
    case 'PUT /_sim/rate-limits': {
      const parsed = parseLimitsOption(body);
      if ('error' in parsed) return bad(parsed.error);
      rateLimits.configure(parsed.option);
      return sendJson(res, 200, { ok: true, limits: rateLimits.limits });
    }
    case 'DELETE /_sim/rate-limits/stats':
      rateLimits.clearStats();
      return sendJson(res, 200, { ok: true });
    case 'GET /_sim/socket':
      return sendJson(res, 200, {
        connections: socket.connectionCount,
        opened: socket.connectionsOpened,
        refused: socket.connectionsRefused,
        acks: socket.acks,
      });
    case 'POST /_sim/socket/refresh': {
      const options = body ?? {};
      if (!isObject(options) || !optionalMs(options.warningMs) || !optionalMs(options.closeAfterMs)) {
        return bad('Body must be {warningMs?, closeAfterMs?} with numbers >= 0');
      }
      void socket.refresh(options as { warningMs?: number; closeAfterMs?: number });
      return sendJson(res, 202, { ok: true });
    }
    case 'POST /_sim/socket/disconnect': {
      if (!isObject(body) || typeof body.reason !== 'string' || body.reason === '') {
        return bad('Body must be {reason: string}, e.g. {"reason": "warning"}');
      }
      socket.disconnect(body.reason);
      return sendJson(res, 200, { ok: true });
    }
    case 'POST /_sim/socket/terminate':
      socket.terminateAll();
      return sendJson(res, 200, { ok: true });
    default:
      return sendJson(res, 404, { ok: false, error: `No control route ${req.method} ${path}` });
  }
}
