import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { SimState } from './context.js';
import { deliverWithFault, writeResponse } from './fault-delivery.js';
import type { FaultQueue } from './faults.js';
import { newRequestId, problemResponse, type SimResponse } from './problem.js';
import type { SlidingWindowLimiter } from './rate-limit.js';
import { routeApi } from './router.js';
import type { TimerSet } from './timers.js';
import type { SimRequest } from './types.js';

export interface ControlRequest {
  method: string;
  url: URL;
  body: unknown;
  bodyInvalid: boolean;
}

export interface ServerDeps {
  token: string;
  state: SimState;
  faults: FaultQueue;
  limiter: SlidingWindowLimiter;
  timers: TimerSet;
  requests: SimRequest[];
  control(req: ControlRequest): SimResponse;
}

function parseBody(raw: string): { body: unknown; bodyInvalid: boolean } {
  if (raw.trim() === '') return { body: null, bodyInvalid: false };
  try {
    return { body: JSON.parse(raw), bodyInvalid: false };
  } catch {
    return { body: null, bodyInvalid: true };
  }
}

/**
 * The HTTP side on plain node:http, so faults can be exact: destroy a socket, never send headers,
 * or send half a body. Order for API requests: record → fault → auth → rate limit → route.
 */
export class SimHttpServer {
  readonly #deps: ServerDeps;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  constructor(deps: ServerDeps) {
    this.#deps = deps;
    this.#server = createServer((req, res) => this.#onRequest(req, res));
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve(this.#server.address() as AddressInfo);
      });
    });
  }

  close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    return new Promise((resolve) => {
      if (!this.#server.listening) return resolve();
      this.#server.close(() => resolve());
    });
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => res.destroy());
    req.on('end', () => this.#dispatch(req, res, Buffer.concat(chunks).toString('utf8')));
  }

  #dispatch(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const requestId = newRequestId();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    const path = url.pathname + url.search;
    const { body, bodyInvalid } = parseBody(raw);
    if (url.pathname.startsWith('/_sim/')) {
      writeResponse(res, this.#deps.control({ method, url, body, bodyInvalid }), requestId);
      return;
    }
    this.#deps.requests.push({ method, path, body, at: Date.now() });
    const act = () => this.#answer(req, { method, path, url, body, bodyInvalid, requestId });
    const fault = this.#deps.faults.take(method, path);
    if (!fault) {
      writeResponse(res, act(), requestId);
      return;
    }
    deliverWithFault(fault, {
      res,
      requestId,
      instance: url.pathname,
      timers: this.#deps.timers,
      rateLimitCeiling: this.#deps.limiter.config?.limit ?? 60,
      act,
    });
  }

  #answer(
    req: IncomingMessage,
    ctx: { method: string; path: string; url: URL; body: unknown; bodyInvalid: boolean; requestId: string },
  ): SimResponse {
    const { pathname } = ctx.url;
    const full = { ...ctx, state: this.#deps.state };
    if (!pathname.startsWith('/api/')) return routeApi(full);
    const auth = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(auth);
    if (match?.[1] !== this.#deps.token) {
      return problemResponse({
        status: 401,
        code: 'unauthorized',
        detail: match ? 'The API key is not valid' : 'Missing bearer token',
        instance: pathname,
        requestId: ctx.requestId,
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    const decision = this.#deps.limiter.check();
    if (!decision.allowed) {
      return problemResponse({
        status: 429,
        code: 'rate_limit_exceeded',
        detail: `Rate limit exceeded; retry after ${decision.retryAfterSec} s`,
        instance: pathname,
        requestId: ctx.requestId,
        headers: { ...decision.headers, 'Retry-After': String(decision.retryAfterSec) },
      });
    }
    const answer = routeApi(full);
    return { ...answer, headers: { ...answer.headers, ...decision.headers } };
  }
}
