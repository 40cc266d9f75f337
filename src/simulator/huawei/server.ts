import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { writeResponse } from '../hostup/fault-delivery.js';
import type { TimerSet } from '../hostup/timers.js';
import { deliverFault, type FaultQueue } from './faults.js';
import { issueToken } from './routes-iam.js';
import { routeWorkspace } from './routes-workspace.js';
import { type ApiRequest, isObject, type SimState } from './state.js';
import type { SimRequest } from './types.js';
import { newRequestId, type SimResponse, wksErrors, wksKnown } from './wire.js';

export interface ControlRequest {
  method: string;
  url: URL;
  body: unknown;
  bodyInvalid: boolean;
}

export interface ServerDeps {
  state: SimState;
  faults: FaultQueue;
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

/** The request body as recorded: an IAM password never stays in memory. */
function recordedBody(body: unknown): unknown {
  if (!isObject(body) || !isObject(body.auth)) return body;
  const copy = structuredClone(body) as {
    auth: { identity?: { password?: { user?: { password?: unknown } } } };
  };
  const user = copy.auth.identity?.password?.user;
  if (user && 'password' in user) user.password = '[redacted]';
  return copy;
}

/**
 * IAM and Workspace on one plain node:http server (tests point both URLs at it), so faults can be
 * exact. Order for API requests: record → fault → route (auth inside).
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
    const header = req.headers['x-auth-token'];
    const authToken = Array.isArray(header) ? header[0] : header;
    const iam = url.pathname === '/v3/auth/tokens';
    this.#deps.requests.push({
      service: iam ? 'iam' : 'workspace',
      method,
      path,
      body: recordedBody(body),
      token: iam ? 'none' : this.#deps.state.tokens.check(authToken).state,
      at: Date.now(),
    });
    const api: ApiRequest = { method, url, body, bodyInvalid, authToken };
    const act = (): SimResponse => {
      if (iam) return issueToken(this.#deps.state, api);
      if (url.pathname.startsWith('/v1/')) return routeWorkspace(this.#deps.state, api);
      return wksKnown(wksErrors.notFound, `No route for ${url.pathname}.`);
    };
    const fault = this.#deps.faults.take(method, path);
    if (fault) deliverFault(fault, { res, requestId, timers: this.#deps.timers, act });
    else writeResponse(res, act(), requestId);
  }
}
