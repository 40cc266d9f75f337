import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { Store } from '../../store/store.js';
import type { Providers } from './executor.js';
import type { PolicyService } from './policy-service.js';

/** What the acting pipeline works with. */
export interface ActingDeps {
  readonly store: Store;
  readonly providers: Providers;
  readonly policy: PolicyService;
  readonly clock: Clock;
  readonly logger: Logger;
  /** This process as the lease owner of the operations it calls for. */
  readonly owner: string;
  /** How long a lease lasts; the caller renews its own while a call is in flight. */
  readonly leaseMs: number;
  /** The first poll after the provider answered: HostUp jobs, Huawei reboots (a server read too early still looks ACTIVE). */
  readonly firstPollMs: { readonly hostup: number; readonly huawei: number };
  /** Tells the outbox and the tracker there is something new. */
  readonly poke: () => void;
}
