import type { Clock } from '../../clock.js';
import { ProviderError } from '../../errors.js';
import { AKSK_SIGNATURE_REFUSED, RENEWED_TOKEN_REFUSED } from './errors.js';
import type { HuaweiExchange } from './exchange.js';
import { authorizationHeader, sdkDate, sign } from './sdk-signature.js';
import type { TokenSource } from './token-source.js';

/** One Workspace request about to be sent, as the credentials see it. */
export interface OutgoingCall {
  readonly method: string;
  readonly url: URL;
  /** The headers it will carry (lower-case names), before authentication. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as sent; '' for none. */
  readonly body: string;
}

/** How Workspace requests prove who sends them: an IAM token header, or an AK/SK signature. */
export interface WorkspaceCredentials {
  /** Headers to add to this exact request. */
  authenticate(call: OutgoingCall): Promise<Record<string, string>>;
  /**
   * Workspace answered 401 to the `attempt`-th sending, which carried `sent` (from authenticate):
   * resolves with the headers for sending it once more (a renewed token), or throws the error to
   * report.
   */
  afterRefusal(
    refusal: ProviderError,
    attempt: number,
    sent: Readonly<Record<string, string>>,
  ): Promise<Record<string, string>>;
}

/** `X-Auth-Token` from a token source; after a 401 the token is renewed once. */
export class TokenCredentials implements WorkspaceCredentials {
  readonly #tokens: TokenSource;
  readonly #exchange: HuaweiExchange;

  constructor(tokens: TokenSource, exchange: HuaweiExchange) {
    this.#tokens = tokens;
    this.#exchange = exchange;
  }

  async authenticate(): Promise<Record<string, string>> {
    const token = await this.#tokens.token();
    this.#exchange.addSecret(token);
    return { 'x-auth-token': token };
  }

  async afterRefusal(
    refusal: ProviderError,
    attempt: number,
    sent: Readonly<Record<string, string>>,
  ): Promise<Record<string, string>> {
    if (attempt > 1) throw renewedTokenRefused(refusal);
    const token = await this.#tokens.renewAfterRefusal(sent['x-auth-token'] ?? '', refusal);
    this.#exchange.addSecret(token);
    return { 'x-auth-token': token };
  }
}

export interface AkSkKeys {
  readonly accessKey: string;
  readonly secretKey: string;
  /** Sent as X-Project-Id, as Huawei's SDKs do for project-scoped services. */
  readonly projectId: string;
}

/**
 * AK/SK signing: every request carries X-Sdk-Date (from `clock`) and an Authorization header
 * signed over host, x-sdk-date, x-project-id and content-type. There is nothing to renew, so a
 * 401 (wrong pair, or a clock more than 15 minutes off) is reported at once and never resent.
 */
export class AkSkCredentials implements WorkspaceCredentials {
  readonly #keys: AkSkKeys;
  readonly #clock: Clock;

  constructor(keys: AkSkKeys, clock: Clock) {
    this.#keys = keys;
    this.#clock = clock;
  }

  async authenticate(call: OutgoingCall): Promise<Record<string, string>> {
    const added = { 'x-sdk-date': sdkDate(this.#clock.now()), 'x-project-id': this.#keys.projectId };
    // undici sends the URL's host (with a non-default port) as the Host header: sign that value.
    const headers: Record<string, string> = { ...call.headers, ...added, host: call.url.host };
    const signed = ['content-type', 'host', 'x-project-id', 'x-sdk-date'].filter((h) => h in headers);
    const signature = sign(
      {
        method: call.method,
        path: call.url.pathname,
        query: [...call.url.searchParams],
        headers,
        body: call.body,
      },
      signed,
      this.#keys.secretKey,
    );
    return { ...added, authorization: authorizationHeader(this.#keys.accessKey, signed, signature) };
  }

  async afterRefusal(refusal: ProviderError): Promise<never> {
    throw new ProviderError({
      provider: refusal.provider,
      status: 401,
      code: AKSK_SIGNATURE_REFUSED,
      detail:
        `Huawei refused the request signature (${refusal.code}: ${refusal.detail}); check ` +
        'HUAWEI_ACCESS_KEY and HUAWEI_SECRET_KEY, and that this machine’s clock is right (15 minutes at most off)',
      requestId: refusal.requestId,
      cause: refusal,
    });
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
