import { performance } from 'node:perf_hooks';
import { type Dispatcher, request as undiciRequest } from 'undici';
// The HostUp agent factory is provider-neutral (timeouts + socket options → a plain Agent).
import { type ConnectExtras, createHostUpAgent, type HostUpTimeouts } from '../hostup/agent.js';
import { mapTransportError } from '../transport-errors.js';

/** Connect, headers and body-idle limits of one request (undici checks them on a ~1 s tick). */
export type HuaweiTimeouts = HostUpTimeouts;

export const defaultHuaweiTimeouts: HuaweiTimeouts = { connectMs: 5_000, headersMs: 20_000, bodyMs: 30_000 };

/** A pino-like logger: pino's Logger fits. Nothing secret is ever passed to it. */
export interface HuaweiLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface HuaweiExchangeOptions {
  readonly timeouts?: Partial<HuaweiTimeouts>;
  readonly logger?: HuaweiLogger;
  /** Used as is (and not closed by `close()`); connect timeout is then the dispatcher's own. */
  readonly dispatcher?: Dispatcher;
  /** Socket options for the client's own agent (ignored with `dispatcher`). */
  readonly connect?: ConnectExtras;
}

export interface OutgoingRequest {
  readonly provider: string;
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly url: string;
  /** For logs and errors: the path without query, never a header or a body. */
  readonly what: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Serialised JSON, or undefined for no body. */
  readonly body?: string;
}

export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Redacted: no known secret appears in it. */
  readonly text: string;
  readonly requestId: string | null;
  readonly contentType: string | null;
}

/** How many tokens to remember for redaction: the current one and a few it replaced. */
const MAX_SECRETS = 8;

/**
 * The one place that calls undici for Huawei (IAM and Workspace): owns the timeouts, maps
 * failures below HTTP to TransportError, redacts every known secret out of the answer text, and
 * logs method, path, status and request id only — never a header or a body. It never retries.
 */
export class HuaweiExchange {
  readonly #timeouts: HuaweiTimeouts;
  readonly #logger: HuaweiLogger | undefined;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  #secrets: string[] = [];

  constructor(options: HuaweiExchangeOptions = {}) {
    this.#timeouts = { ...defaultHuaweiTimeouts, ...options.timeouts };
    this.#logger = options.logger;
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher = options.dispatcher ?? createHostUpAgent(this.#timeouts, options.connect);
  }

  get logger(): HuaweiLogger | undefined {
    return this.#logger;
  }

  /** Remembers a secret (a password, a token) so it is cut out of every answer text. */
  addSecret(secret: string): void {
    if (secret.length < 4 || this.#secrets.includes(secret)) return;
    this.#secrets = [secret, ...this.#secrets].slice(0, MAX_SECRETS);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    return out;
  }

  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  async send(req: OutgoingRequest): Promise<RawAnswer> {
    const log = { provider: req.provider, method: req.method, path: req.what };
    const started = performance.now();
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const res = await undiciRequest(req.url, {
        method: req.method,
        dispatcher: this.#dispatcher,
        headers: { accept: 'application/json', 'user-agent': 'vps-chatops', ...req.headers },
        body: req.body ?? null,
        headersTimeout: this.#timeouts.headersMs,
        bodyTimeout: this.#timeouts.bodyMs,
      });
      status = res.statusCode;
      headers = res.headers;
      text = this.redact(await res.body.text());
    } catch (error) {
      const err = mapTransportError(req.provider, error, `${req.method} ${req.what}`);
      this.#logger?.warn(
        { ...log, code: err.code, mayHaveReachedServer: err.mayHaveReachedServer },
        'Huawei request failed on the way',
      );
      throw err;
    }
    const requestId = headerValue(headers['x-request-id']);
    const ms = Math.round(performance.now() - started);
    this.#logger?.debug({ ...log, status, ms, requestId }, 'Huawei answered');
    return { status, headers, text, requestId, contentType: headerValue(headers['content-type']) };
  }
}

export function headerValue(value: string | string[] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? null : first;
}
