import type { Policy } from './compiled-policy.js';
import type { PolicyProblem } from './policy-problems.js';

export type PolicyLoad =
  | { readonly ok: true; readonly policy: Policy }
  | { readonly ok: false; readonly problems: readonly PolicyProblem[] };

export type ReloadOutcome =
  | { readonly changed: boolean; readonly ok: true; readonly policy: Policy }
  | {
      readonly changed: false;
      readonly ok: false;
      readonly problems: readonly PolicyProblem[];
      readonly kept: Policy;
    };

/**
 * The policy in force, and the reload that replaces it only with a good one: a bad new file is
 * reported and the old policy stays. `load` reads and compiles (the file loader); the holder does
 * no I/O of its own, and neither signals nor logs: the caller wires SIGHUP and says what happened.
 */
export class PolicyHolder {
  #current: Policy;
  readonly #load: () => Promise<PolicyLoad>;

  constructor(initial: Policy, load: () => Promise<PolicyLoad>) {
    this.#current = initial;
    this.#load = load;
  }

  get current(): Policy {
    return this.#current;
  }

  async reload(): Promise<ReloadOutcome> {
    const loaded = await this.#load();
    if (!loaded.ok) return { ok: false, changed: false, problems: loaded.problems, kept: this.#current };
    const changed = loaded.policy.hash !== this.#current.hash;
    this.#current = loaded.policy;
    return { ok: true, changed, policy: loaded.policy };
  }
}
