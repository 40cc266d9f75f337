import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { faultInput } from './faults.js';
import { findPerson, people } from './people.js';
import { serveStatic } from './static-files.js';
import {
  clickInput,
  closeInput,
  commandInput,
  homeInput,
  submitInput,
  type UiActions,
  type UiResult,
} from './ui-actions.js';
import type { PlaygroundState } from './ui-state.js';

export interface UiServer {
  readonly url: string;
  close(): Promise<void>;
}

/** How long changes are gathered before one snapshot goes out (a burst of edits is one push). */
const coalesceMs = 15;

/**
 * The page's server: static files, `/ui/events` (server-sent events: the person's whole view,
 * pushed after every change, so the page never polls), and the POSTs the page makes. Only
 * loopback Host headers are accepted, so a web page elsewhere cannot drive it (DNS rebinding).
 */
export async function startUiServer(args: {
  port: number;
  host: string;
  state: PlaygroundState;
  actions: UiActions;
}): Promise<UiServer> {
  const { state, actions } = args;
  const streams = new Set<ServerResponse>();

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://playground');
    if (!/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(req.headers.host ?? '')) {
      return sendJson(res, 403, { ok: false, error: 'The playground answers on loopback only.' });
    }
    if (req.method === 'GET' && url.pathname === '/ui/events') return openStream(url, res);
    if (req.method === 'GET' && url.pathname === '/ui/state') {
      const user = url.searchParams.get('user');
      if (findPerson(user) === undefined) return sendJson(res, 400, { ok: false, error: 'unknown person' });
      return sendJson(res, 200, state.snapshot(user!));
    }
    if (req.method === 'POST' && url.pathname.startsWith('/ui/')) return post(url.pathname, req, res);
    if (req.method === 'GET' && (await serveStatic(url.pathname, res))) return;
    sendJson(res, 404, { ok: false, error: 'not found' });
  };

  const openStream = (url: URL, res: ServerResponse): void => {
    // A page with no (or a stale) choice of person starts as the first one.
    const user = findPerson(url.searchParams.get('user'))?.id ?? people[0]!.id;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    let timer: NodeJS.Timeout | undefined;
    const push = () => {
      timer = undefined;
      if (!res.writableEnded) res.write(`event: state\ndata: ${JSON.stringify(state.snapshot(user))}\n\n`);
    };
    const schedule = () => {
      timer ??= setTimeout(push, coalesceMs);
    };
    res.write('retry: 1000\n\n');
    push();
    const unsubscribe = state.subscribe(schedule);
    streams.add(res);
    res.on('close', () => {
      clearTimeout(timer);
      unsubscribe();
      streams.delete(res);
    });
  };

  const post = async (path: string, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readJson(req);
    const run = async <S extends z.ZodType>(schema: S, act: (input: z.infer<S>) => Promise<UiResult>) => {
      const parsed = schema.safeParse(body);
      if (!parsed.success) return sendJson(res, 400, { ok: false, error: 'The request was not understood.' });
      const result = await act(parsed.data).catch(
        (error: unknown): UiResult => ({
          ok: false,
          error: `The bot could not be reached: ${errorText(error)}`,
        }),
      );
      // Like Slack's Web API: a refusal is a 200 with ok: false and a sentence for the person.
      sendJson(res, 200, result);
    };
    if (path === '/ui/command') return run(commandInput, actions.command);
    if (path === '/ui/click') return run(clickInput, actions.click);
    if (path === '/ui/submit') return run(submitInput, actions.submit);
    if (path === '/ui/close') return run(closeInput, actions.close);
    if (path === '/ui/home') return run(homeInput, actions.openHome);
    if (path === '/ui/fault') return run(faultInput, actions.fault);
    sendJson(res, 404, { ok: false, error: 'not found' });
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: errorText(error) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(args.port, args.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${args.host.includes(':') ? `[${args.host}]` : args.host}:${port}`,
    async close() {
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 256 * 1024) return undefined;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
