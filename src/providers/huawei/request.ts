import { ProviderError } from '../../errors.js';
import { huaweiErrorFrom, INVALID_RESPONSE, RENEWED_TOKEN_REFUSED, WORKSPACE } from './errors.js';
import type { HuaweiExchange, RawAnswer } from './exchange.js';
import type { TokenSource } from './token-source.js';

export interface WorkspaceCall {
  readonly method: 'GET' | 'PATCH';
  /** After `/v1/{project_id}`, starting with `/`; ids in it are already encoded. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /** `undefined` sends no body. */
  readonly body?: unknown;
}

export interface WorkspaceAnswer {
  readonly status: number;
  /** Parsed JSON; null for an empty body (batch-reboot answers 200 with none). */
  readonly json: unknown;
  readonly requestId: string | null;
}

export interface WorkspaceRequestOptions {
  readonly exchange: HuaweiExchange;
  readonly tokens: TokenSource;
  /** Without a trailing slash. */
  readonly workspaceUrl: string;
  readonly projectId: string;
}

/**
 * The one door to the Workspace API. Every call carries `X-Auth-Token`; error answers become
 * ProviderError (code = Huawei's `error_code`, request id kept), failures below HTTP
 * TransportError (from the exchange). The only resend is after a 401: the server refused the
 * token and so did not act, the token is renewed once and the request sent once more. Nothing
 * else is retried, so a PATCH that may have reached the server is never sent twice.
 */
export class WorkspaceRequester {
  readonly #exchange: HuaweiExchange;
  readonly #tokens: TokenSource;
  readonly #base: string;
  readonly #projectPath: string;

  constructor(options: WorkspaceRequestOptions) {
    this.#exchange = options.exchange;
    this.#tokens = options.tokens;
    this.#base = options.workspaceUrl.replace(/\/+$/, '');
    this.#projectPath = `/v1/${encodeURIComponent(options.projectId)}`;
  }

  async request(call: WorkspaceCall): Promise<WorkspaceAnswer> {
    const what = this.#projectPath + call.path;
    const url = this.#url(what, call.query);
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    let token = await this.#tokens.token();
    for (let attempt = 1; ; attempt++) {
      this.#exchange.addSecret(token);
      const headers: Record<string, string> = { 'x-auth-token': token };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const answer = await this.#exchange.send({
        provider: WORKSPACE,
        method: call.method,
        url,
        what,
        headers,
        body,
      });
      if (answer.status === 401) {
        const refusal = huaweiErrorFrom({ ...answer, provider: WORKSPACE });
        if (attempt > 1) throw renewedTokenRefused(refusal);
        this.#exchange.logger?.info(
          { method: call.method, path: what, code: refusal.code, requestId: answer.requestId },
          'Huawei refused the token; renewing it once',
        );
        token = await this.#tokens.renewAfterRefusal(token, refusal);
        continue;
      }
      if (answer.status < 200 || answer.status >= 300) {
        const err = huaweiErrorFrom({ ...answer, provider: WORKSPACE });
        this.#exchange.logger?.info(
          { method: call.method, path: what, status: err.status, code: err.code, requestId: err.requestId },
          'Huawei refused the request',
        );
        throw err;
      }
      return { status: answer.status, json: parseJson(answer), requestId: answer.requestId };
    }
  }

  #url(path: string, query: WorkspaceCall['query']): string {
    const url = new URL(this.#base + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }
}

function renewedTokenRefused(refusal: ProviderError): ProviderError {
  return new ProviderError({
    provider: refusal.provider,
    status: 401,
    code: RENEWED_TOKEN_REFUSED,
    detail:
      `a freshly issued IAM token was refused too (${refusal.code}: ${refusal.detail}); ` +
      'check that the IAM user may use Workspace in this project',
    requestId: refusal.requestId,
    cause: refusal,
  });
}

function parseJson(answer: RawAnswer): unknown {
  if (answer.text.trim() === '') return null;
  try {
    return JSON.parse(answer.text);
  } catch (cause) {
    throw new ProviderError({
      provider: WORKSPACE,
      status: answer.status,
      code: INVALID_RESPONSE,
      detail: `HTTP ${answer.status} with a body that is not JSON (${answer.contentType ?? 'no content type'})`,
      requestId: answer.requestId ?? undefined,
      cause,
    });
  }
}
