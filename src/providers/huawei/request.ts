import { ProviderError } from '../../errors.js';
import type { WorkspaceCredentials } from './credentials.js';
import { huaweiErrorFrom, INVALID_RESPONSE, WORKSPACE } from './errors.js';
import type { HuaweiExchange, RawAnswer } from './exchange.js';

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
  readonly credentials: WorkspaceCredentials;
  /** Without a trailing slash. */
  readonly workspaceUrl: string;
  readonly projectId: string;
}

/**
 * The one door to the Workspace API. Every call is authenticated by the credentials (an
 * `X-Auth-Token`, or an AK/SK signature); error answers become ProviderError (code = Huawei's
 * `error_code`, request id kept), failures below HTTP TransportError (from the exchange). The only
 * resend is after a 401 the credentials can cure (a renewed token): the server refused the caller
 * and so did not act. Nothing else is retried, so a PATCH that may have reached the server is
 * never sent twice.
 */
export class WorkspaceRequester {
  readonly #exchange: HuaweiExchange;
  readonly #credentials: WorkspaceCredentials;
  readonly #base: string;
  readonly #projectPath: string;

  constructor(options: WorkspaceRequestOptions) {
    this.#exchange = options.exchange;
    this.#credentials = options.credentials;
    this.#base = options.workspaceUrl.replace(/\/+$/, '');
    this.#projectPath = `/v1/${encodeURIComponent(options.projectId)}`;
  }

  async request(call: WorkspaceCall): Promise<WorkspaceAnswer> {
    const what = this.#projectPath + call.path;
    const url = this.#url(what, call.query);
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    let auth = await this.#credentials.authenticate({ method: call.method, url, headers, body: body ?? '' });
    for (let attempt = 1; ; attempt++) {
      const answer = await this.#exchange.send({
        provider: WORKSPACE,
        method: call.method,
        url: url.toString(),
        what,
        headers: { ...headers, ...auth },
        body,
      });
      if (answer.status === 401) {
        const refusal = huaweiErrorFrom({ ...answer, provider: WORKSPACE });
        auth = await this.#credentials.afterRefusal(refusal, attempt, auth);
        this.#exchange.logger?.info(
          { method: call.method, path: what, code: refusal.code, requestId: answer.requestId },
          'Huawei refused the token; sending once more with a renewed one',
        );
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

  #url(path: string, query: WorkspaceCall['query']): URL {
    const url = new URL(this.#base + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }
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
