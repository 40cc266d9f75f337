import { randomBytes } from 'node:crypto';

export type TokenCheck = 'valid' | 'expired' | 'unknown' | 'missing';

interface TokenRecord {
  projectId: string;
  expiresAt: number;
}

/**
 * Tokens the simulator issued (or was given as fixed ones). Expiry is on real time: a token past
 * its TTL, or issued before `expireAll()`, is refused like a dead IAM token.
 */
export class TokenStore {
  readonly #tokens = new Map<string, TokenRecord>();
  #ttlMs: number;

  constructor(ttlMs: number, fixed: { token: string; projectId: string }[]) {
    this.#ttlMs = ttlMs;
    for (const f of fixed)
      this.#tokens.set(f.token, { projectId: f.projectId, expiresAt: Number.POSITIVE_INFINITY });
  }

  get ttlMs(): number {
    return this.#ttlMs;
  }

  setTtl(ms: number): void {
    this.#ttlMs = Math.max(1, ms);
  }

  /** Real IAM tokens are long opaque strings starting with MII; these look alike. */
  issue(projectId: string, now = Date.now()): { token: string; issuedAt: number; expiresAt: number } {
    const token = `MIIsim${randomBytes(24).toString('base64url')}`;
    const expiresAt = now + this.#ttlMs;
    this.#tokens.set(token, { projectId, expiresAt });
    return { token, issuedAt: now, expiresAt };
  }

  get issued(): string[] {
    return [...this.#tokens.keys()];
  }

  check(token: string | undefined, now = Date.now()): { state: TokenCheck; projectId: string | null } {
    if (!token) return { state: 'missing', projectId: null };
    const record = this.#tokens.get(token);
    if (!record) return { state: 'unknown', projectId: null };
    return { state: now < record.expiresAt ? 'valid' : 'expired', projectId: record.projectId };
  }

  expireAll(now = Date.now()): void {
    for (const record of this.#tokens.values()) record.expiresAt = Math.min(record.expiresAt, now);
  }
}
