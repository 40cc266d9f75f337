import type { Clock } from '../clock.js';

/**
 * A short-lived cache of user-group members. Membership changes rarely but a lookup is a network
 * call, so answers are kept for `ttlMs`; callers asking at the same time share one lookup. A failed
 * lookup is not kept: the next check asks again rather than denying for the whole TTL.
 */
export class GroupMembers {
  readonly #lookup: (groupId: string) => Promise<readonly string[]>;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, { members: ReadonlySet<string>; expiresAt: number }>();
  readonly #inFlight = new Map<string, Promise<ReadonlySet<string>>>();

  constructor(lookup: (groupId: string) => Promise<readonly string[]>, clock: Clock, ttlMs: number) {
    this.#lookup = lookup;
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  members(groupId: string): Promise<ReadonlySet<string>> {
    const cached = this.#cache.get(groupId);
    if (cached && this.#clock.now() < cached.expiresAt) return Promise.resolve(cached.members);
    const pending = this.#inFlight.get(groupId);
    if (pending) return pending;

    // Started on a later tick so the in-flight entry exists before the lookup can settle,
    // even when `lookup` throws synchronously.
    const lookup = Promise.resolve()
      .then(() => this.#lookup(groupId))
      .then((list) => {
        const members: ReadonlySet<string> = new Set(list);
        this.#cache.set(groupId, { members, expiresAt: this.#clock.now() + this.#ttlMs });
        return members;
      })
      .finally(() => this.#inFlight.delete(groupId));
    this.#inFlight.set(groupId, lookup);
    return lookup;
  }
}
