import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { IssueResponseUrlInput } from './types.js';

/** Slack: a response_url works at most 5 times within 30 minutes. */
export const responseUrlMaxUses = 5;
export const responseUrlLifetimeMs = 30 * 60 * 1000;

export interface ResponseUrlGrant extends IssueResponseUrlInput {
  id: string;
  issuedAt: number;
  uses: number;
  /**
   * A command's response_url has no message of its own: `replace_original` through it replaces the
   * last message it posted (what Slack does with a slash command's delayed replies).
   */
  lastPostedTs?: string;
}

export type ResponseUrlCheck = { ok: true; grant: ResponseUrlGrant } | { ok: false; error: string };

/** The response URLs handed out (by the driver) and how often each was used. */
export class ResponseUrls {
  readonly #clock: Clock;
  readonly #grants = new Map<string, ResponseUrlGrant>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  issue(input: IssueResponseUrlInput): string {
    const id = randomBytes(12).toString('hex');
    this.#grants.set(id, { ...input, id, issuedAt: this.#clock.now(), uses: 0 });
    return id;
  }

  /** Whether the URL may be used now; Slack answers 404 with `used_url` / `expired_url` otherwise. */
  check(id: string): ResponseUrlCheck {
    const grant = this.#grants.get(id);
    if (grant === undefined) return { ok: false, error: 'invalid_url' };
    if (this.#clock.now() - grant.issuedAt > responseUrlLifetimeMs)
      return { ok: false, error: 'expired_url' };
    if (grant.uses >= responseUrlMaxUses) return { ok: false, error: 'used_url' };
    return { ok: true, grant };
  }
}
