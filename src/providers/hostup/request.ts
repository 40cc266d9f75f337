import { performance } from 'node:perf_hooks';
import { type Dispatcher, request as undiciRequest } from 'undici';
import { type Clock, systemClock } from '../../clock.js';
import type { RateLimitInfo } from '../../domain/vps-api.js';
import { ConfigError, ProviderError } from '../../errors.js';
import {
  type ConnectExtras,
  createHostUpAgent,
  defaultHostUpTimeouts,
  type HostUpTimeouts,
} from './agent.js';
import { INVALID_RESPONSE, problemToError } from './problem.js';
import { readRateLimit } from './rate-limit.js';
import { PROVIDER, toTransportError } from './transport-errors.js';

/** A pino-like logger: pino's Logger fits. Nothing secret is ever passed to it. */
export interface HostUpLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/**
 * When a request may be sent again. Only two cases are safe for acting calls, so there is one rule
 * for every method: after a 429 (the server refused to act) and after a refused connection
 * (nothing was sent). A timeout or a dropped connection is never retried.
 */
export interface HostUpRetryPolicy {
  readonly max429Retries: number;
  /** A Retry-After longer than this is not waited for: RateLimitedError at once. */
  readonly maxRetryAfterMs: number;
  /** Used when a 429 carries no readable Retry-After. */
  readonly defaultRetryAfterMs: number;
  readonly maxRefusedRetries: number;
  /** Wait before the n-th retry after a refused connection is n × this. */
  readonly refusedBackoffMs: number;
}

export const defaultHostUpRetryPolicy: HostUpRetryPolicy = {
  max429Retries: 2,
  maxRetryAfterMs: 30_000,
  defaultRetryAfterMs: 1_000,
  maxRefusedRetries: 2,
  refusedBackoffMs: 250,
};

export interface HostUpHttpOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly timeouts?: Partial<HostUpTimeouts>;
  readonly retry?: Partial<HostUpRetryPolicy>;
  /** Waits for Retry-After and refused-connection backoff go through `clock.sleep`. */
  readonly clock?: Clock;
  readonly logger?: HostUpLogger;
  readonly onRateLimit?: (info: RateLimitInfo) => void;
  /** Used as is (and not closed by `close()`); connect timeout is then the dispatcher's own. */
  readonly dispatcher?: Dispatcher;
  /** Socket options for the client's own agent (ignored with `dispatcher`). */
  readonly connect?: ConnectExtras;
}

export interface HostUpCall {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** Starts with `/`; ids in it are already encoded. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /** `undefined` sends no body at all. */
  readonly body?: unknown;
}

export interface HostUpAnswer {
  readonly status: number;
  /** Parsed JSON, or null for an empty body. */
  readonly json: unknown;
  readonly requestId: string | null;
}

/**
 * The one door to the HostUp API: owns timeouts, the retry rule, rate-limit headers, error
 * mapping and redaction. Every error it throws is a ProviderError (RateLimitedError for 429) or a
 * TransportError, and none of them, nor any log line, contains the token.
 */
export class HostUpHttp {
  readonly #base: URL;
  readonly #token: string;
  readonly #timeouts: HostUpTimeouts;
  readonly #retry: HostUpRetryPolicy;
  readonly #clock: Clock;
  readonly #logger: HostUpLogger | undefined;
  readonly #onRateLimit: ((info: RateLimitInfo) => void) | undefined;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  #lastRateLimit: RateLimitInfo | null = null;

  constructor(options: HostUpHttpOptions) {
    const problems: string[] = [];
    let base: URL | null = null;
    try {
      base = new URL(options.baseUrl);
    } catch {
      problems.push('HostUp base URL is not a URL');
    }
    if (base && base.protocol !== 'http:' && base.protocol !== 'https:')
      problems.push('HostUp base URL must be http(s)');
    if (base && (base.username || base.password)) problems.push('HostUp base URL must not carry credentials');
    if (!options.token) problems.push('HostUp API token is empty');
    if (problems.length > 0 || !base) throw new ConfigError(problems);
    this.#base = base;
    this.#token = options.token;
    this.#timeouts = { ...defaultHostUpTimeouts, ...options.timeouts };
    this.#retry = { ...defaultHostUpRetryPolicy, ...options.retry };
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger;
    this.#onRateLimit = options.onRateLimit;
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher = options.dispatcher ?? createHostUpAgent(this.#timeouts, options.connect);
  }

  /** The base URL every path (and every pollUrl) is relative to (a copy: it cannot be changed). */
  get base(): URL {
    return new URL(this.#base.href);
  }

  /** The rate-limit figures of the latest answer that carried any. */
  get lastRateLimit(): RateLimitInfo | null {
    return this.#lastRateLimit;
  }

  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  async request(call: HostUpCall): Promise<HostUpAnswer> {
    const url = this.#url(call);
    const what = `${call.method} ${call.path}`;
    const log = { method: call.method, path: call.path };
    let rateRetries = 0;
    let refusedRetries = 0;
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      let status: number;
      let headers: Record<string, string | string[] | undefined>;
      let text: string;
      try {
        const res = await undiciRequest(url, {
          method: call.method,
          dispatcher: this.#dispatcher,
          headers: this.#headers(call.body !== undefined),
          body: call.body === undefined ? null : JSON.stringify(call.body),
          headersTimeout: this.#timeouts.headersMs,
          bodyTimeout: this.#timeouts.bodyMs,
        });
        status = res.statusCode;
        headers = res.headers;
        text = this.#redact(await res.body.text());
      } catch (error) {
        const err = toTransportError(error, what);
        if (err.code === 'connect_refused' && refusedRetries < this.#retry.maxRefusedRetries) {
          refusedRetries++;
          const waitMs = this.#retry.refusedBackoffMs * refusedRetries;
          this.#logger?.warn({ ...log, attempt, waitMs }, 'HostUp refused the connection; retrying');
          await this.#clock.sleep(waitMs);
          continue;
        }
        this.#logger?.warn(
          { ...log, attempt, code: err.code, mayHaveReachedServer: err.mayHaveReachedServer },
          'HostUp request failed on the way',
        );
        throw err;
      }
      const requestId = headerValue(headers['x-request-id']);
      const ms = Math.round(performance.now() - started);
      this.#logger?.debug({ ...log, attempt, status, ms, requestId }, 'HostUp answered');
      const rate = readRateLimit(headers, status, this.#clock.now());
      if (rate) this.#noteRateLimit(rate);

      if (status === 429) {
        const retryAfterMs = rate?.retryAfterMs ?? this.#retry.defaultRetryAfterMs;
        if (rateRetries < this.#retry.max429Retries && retryAfterMs <= this.#retry.maxRetryAfterMs) {
          rateRetries++;
          this.#logger?.warn({ ...log, attempt, retryAfterMs, requestId }, 'HostUp rate-limited; waiting');
          await this.#clock.sleep(retryAfterMs);
          continue;
        }
        throw this.#errorFrom(status, text, headers, requestId, retryAfterMs);
      }
      if (status < 200 || status >= 300) throw this.#errorFrom(status, text, headers, requestId);
      return { status, json: this.#parseJson(status, text, requestId), requestId };
    }
  }

  #url(call: HostUpCall): string {
    const url = new URL(this.#base.pathname.replace(/\/$/, '') + call.path, this.#base);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  #headers(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.#token}`,
      accept: 'application/json, application/problem+json',
      'user-agent': 'vps-chatops',
    };
    if (hasBody) headers['content-type'] = 'application/json';
    return headers;
  }

  #parseJson(status: number, text: string, requestId: string | null): unknown {
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text);
    } catch (cause) {
      throw new ProviderError({
        provider: PROVIDER,
        status,
        code: INVALID_RESPONSE,
        detail: `HTTP ${status} with a body that is not JSON`,
        requestId: requestId ?? undefined,
        cause,
      });
    }
  }

  #errorFrom(
    status: number,
    text: string,
    headers: Record<string, string | string[] | undefined>,
    requestId: string | null,
    retryAfterMs?: number,
  ): ProviderError {
    const err = problemToError({
      status,
      text,
      contentType: headerValue(headers['content-type']),
      headerRequestId: requestId,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
    this.#logger?.info({ status, code: err.code, requestId: err.requestId }, 'HostUp refused the request');
    return err;
  }

  #noteRateLimit(info: RateLimitInfo): void {
    this.#lastRateLimit = info;
    try {
      this.#onRateLimit?.(info);
    } catch (error) {
      this.#logger?.warn({ error: String(error) }, 'onRateLimit callback threw');
    }
  }

  /** Replaces the token wherever an answer echoes it, before the text reaches an error or a log. */
  #redact(text: string): string {
    return this.#token.length >= 4 ? text.split(this.#token).join('[redacted]') : text;
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return first ?? null;
}
