import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type SimResponse, writeResponse } from './sim-response.js';

/** A request to the unauthenticated `/_sim/` control surface. */
export interface ControlRequest {
  method: string;
  url: URL;
  body: unknown;
  bodyInvalid: boolean;
}

/** An API request (anything outside `/_sim/`), read in full and parsed, for a simulator to answer. */
export interface ApiCall extends ControlRequest {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  /** Pathname plus query, as recorded and as faults match it. */
  path: string;
  /** The body exactly as received (what a request signature covers). */
  rawBody: string;
}

export interface PlainHttpHandlers {
  newRequestId(): string;
  control(req: ControlRequest): SimResponse;
  /** Answers (or deliberately fails to answer) one API request. */
  api(call: ApiCall): void;
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
 * A simulator's HTTP side on plain node:http, so faults can be exact: destroy a socket, never send
 * headers, or send half a body. It tracks sockets so `close()` also ends stalled requests.
 */
export class PlainHttpServer {
  readonly #handlers: PlainHttpHandlers;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  constructor(handlers: PlainHttpHandlers) {
    this.#handlers = handlers;
    this.#server = createServer((req, res) => this.#onRequest(req, res));
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  /** Listens and returns the base URL a client should use (a wildcard host shows as loopback). */
  async listen(port: number, host: string): Promise<string> {
    const address = await new Promise<AddressInfo>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve(this.#server.address() as AddressInfo);
      });
    });
    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    return `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`;
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
    const requestId = this.#handlers.newRequestId();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    const { body, bodyInvalid } = parseBody(raw);
    if (url.pathname.startsWith('/_sim/')) {
      writeResponse(res, this.#handlers.control({ method, url, body, bodyInvalid }), requestId);
      return;
    }
    this.#handlers.api({
      req,
      res,
      requestId,
      method,
      url,
      path: url.pathname + url.search,
      body,
      bodyInvalid,
      rawBody: raw,
    });
  }
}
