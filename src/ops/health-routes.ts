import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Metrics } from './metrics.js';

/** One readiness check: resolves when ready, rejects (or resolves false) with why not. */
export type ReadinessCheck = () => Promise<true | string>;

/**
 * `/healthz` (the process answers), `/readyz` (store reachable, migrations done, Slack connected:
 * 503 with the failing checks otherwise) and `/metrics` (Prometheus text format). Served by Bolt's
 * receiver in both modes: on the Slack port in HTTP mode, on PORT in Socket Mode.
 */
export function healthRoutes(args: {
  metrics: Metrics;
  checks: Record<string, ReadinessCheck>;
  /** Things an operator should know that do not make the bot unready (a rejected policy reload). */
  notes?: Record<string, () => Promise<string | null>>;
}): CustomRoute[] {
  const send = (res: ServerResponse, status: number, body: string, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req: IncomingMessage, res: ServerResponse) =>
        send(res, 200, JSON.stringify({ status: 'ok' })),
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        void Promise.all([readiness(args.checks), notesOf(args.notes ?? {})]).then(
          ([{ ready, checks }, notes]) =>
            send(
              res,
              ready ? 200 : 503,
              JSON.stringify({
                status: ready ? 'ready' : 'not_ready',
                checks,
                ...(Object.keys(notes).length > 0 ? { notes } : {}),
              }),
            ),
        );
      },
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        args.metrics.registry.metrics().then(
          (text) => send(res, 200, text, args.metrics.registry.contentType),
          () => send(res, 500, 'metrics unavailable\n', 'text/plain'),
        );
      },
    },
  ];
}

async function readiness(checks: Record<string, ReadinessCheck>) {
  const results: Record<string, string> = {};
  let ready = true;
  for (const [name, check] of Object.entries(checks)) {
    try {
      const result = await Promise.race([
        check(),
        new Promise<string>((resolve) => setTimeout(() => resolve('timed out'), 2000).unref()),
      ]);
      results[name] = result === true ? 'ok' : result;
      if (result !== true) ready = false;
    } catch (error) {
      results[name] = error instanceof Error ? error.message : 'failed';
      ready = false;
    }
  }
  return { ready, checks: results };
}

async function notesOf(notes: Record<string, () => Promise<string | null>>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, note] of Object.entries(notes)) {
    const text = await note().catch(() => null);
    if (text) out[name] = text;
  }
  return out;
}
