import type { Clock } from '../../clock.js';
import { ProviderError } from '../../errors.js';
import { FIXED_TOKEN_REFUSED } from './errors.js';
import type { IssuedToken } from './iam.js';

/** Where Workspace requests get their `X-Auth-Token`. */
export interface TokenSource {
  /** A token to send now (cached; fetched or renewed when needed). */
  token(): Promise<string>;
  /**
   * Called once after Workspace answered 401 to `refused`: a fresh token to retry with, or a
   * thrown error saying why there is none. `refusal` is the 401 as an error, for its request id.
   */
  renewAfterRefusal(refused: string, refusal: ProviderError): Promise<string>;
}

/** An operator-supplied token: it cannot be renewed here, so a 401 becomes a clear instruction. */
export class FixedTokenSource implements TokenSource {
  readonly #token: string;

  constructor(token: string) {
    this.#token = token;
  }

  async token(): Promise<string> {
    return this.#token;
  }

  async renewAfterRefusal(_refused: string, refusal: ProviderError): Promise<string> {
    throw new ProviderError({
      provider: refusal.provider,
      status: 401,
      code: FIXED_TOKEN_REFUSED,
      detail:
        `the fixed token was refused (${refusal.code}): it has probably expired (Huawei tokens last ` +
        '24 hours). An admin must renew HUAWEI_AUTH_TOKEN, or configure IAM login instead',
      requestId: refusal.requestId,
      cause: refusal,
    });
  }
}

/** When to renew an IAM token. */
export interface TokenPolicy {
  /** Renew a token this old whatever its stated lifetime (IAM tokens last 24 h). */
  readonly maxAgeMs: number;
  /** Renew this long before the stated end, capped at a tenth of the lifetime for short ones. */
  readonly renewBeforeExpiryMs: number;
}

export const defaultTokenPolicy: TokenPolicy = { maxAgeMs: 23 * 3_600_000, renewBeforeExpiryMs: 3_600_000 };

const DAY_MS = 24 * 3_600_000;

/**
 * IAM tokens, cached and renewed well before they end. Concurrent callers share one fetch, and
 * after a 401 a token that someone else already replaced is not fetched again.
 */
export class IamTokenSource implements TokenSource {
  readonly #fetch: () => Promise<IssuedToken>;
  readonly #clock: Clock;
  readonly #policy: TokenPolicy;
  #cached: { token: string; renewAt: number } | null = null;
  #inflight: Promise<string> | null = null;

  constructor(fetch: () => Promise<IssuedToken>, clock: Clock, policy: Partial<TokenPolicy> = {}) {
    this.#fetch = fetch;
    this.#clock = clock;
    this.#policy = { ...defaultTokenPolicy, ...policy };
  }

  async token(): Promise<string> {
    const cached = this.#cached;
    if (cached && this.#clock.now() < cached.renewAt) return cached.token;
    return this.#fetchShared();
  }

  async renewAfterRefusal(refused: string): Promise<string> {
    const cached = this.#cached;
    if (cached && cached.token !== refused && this.#clock.now() < cached.renewAt) return cached.token;
    if (cached?.token === refused) this.#cached = null;
    return this.#fetchShared();
  }

  #fetchShared(): Promise<string> {
    this.#inflight ??= this.#fetchNow().finally(() => {
      this.#inflight = null;
    });
    return this.#inflight;
  }

  async #fetchNow(): Promise<string> {
    const askedAt = this.#clock.now();
    const issued = await this.#fetch();
    // Measured from when we asked, so network time only makes us renew a little early.
    const lifetime = issued.lifetimeMs ?? DAY_MS;
    const margin = Math.min(this.#policy.renewBeforeExpiryMs, lifetime / 10);
    const renewAt = Math.min(askedAt + this.#policy.maxAgeMs, askedAt + lifetime - margin);
    this.#cached = { token: issued.token, renewAt };
    return issued.token;
  }
}
