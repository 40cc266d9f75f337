import type { Clock } from '../clock.js';
import type { VpsApi } from '../domain/vps-api.js';
import type { Logger } from '../logger.js';
import type { ProviderName, Store } from '../store/store.js';
import type { FollowStep, OperationFollower } from './follower.js';
import type { OutagePolicy } from './poll-outage.js';
import type { FailureBackoffOptions, PollScheduleOptions } from './poll-schedule.js';
import type { RateBudget } from './rate-budget.js';
import type { ThreadPolicy } from './transitions.js';

/** What an OperationTracker is built from (see tracker.ts). */
export interface OperationTrackerOptions {
  readonly store: Store;
  /**
   * HostUp jobs are followed through this (only `pollJob` is used: the tracker reads, it never
   * calls an acting route). Without it, only the `followers` given are used.
   */
  readonly api?: Pick<VpsApi, 'pollJob'>;
  /** Followers of other providers' operations (e.g. 'huawei' app-server reboots). */
  readonly followers?: Partial<Record<ProviderName, OperationFollower>>;
  /**
   * Operations whose acting call has no recorded answer (phase 'calling' with its caller's lease
   * run out, or 'reconciling') go to this one, whatever their provider.
   */
  readonly reconcile?: OperationFollower;
  /**
   * Operations of several steps: `caller` takes those whose next step's call is owed (phase
   * 'next_call') or whose person did not choose in time (phase 'paused'); `wrap` goes around every
   * provider's follower, so a step's end moves on to the next step (see step-follower.ts).
   */
  readonly steps?: {
    readonly caller: OperationFollower;
    readonly wrap: (follower: OperationFollower) => OperationFollower;
  };
  readonly clock: Clock;
  readonly logger: Logger;
  /** Lease owner: unique per process (e.g. `${hostname}:${pid}:${randomUUID()}`). */
  readonly owner: string;
  /**
   * Most polls in flight at once, a guard on memory and sockets (default 64). How many go is the
   * rate budget's call: claims take only what it allows now, so throughput follows HostUp's limit.
   */
  readonly concurrency?: number;
  /** How long a claimed operation stays ours without news. Default 2 min (covers timeouts and 429 waits). */
  readonly leaseMs?: number;
  /** HostUp jobs older than this are given up. Default 2 h. */
  readonly followLimitMs?: number;
  /** The process-wide HostUp budget (also fed by the client's `onRateLimit`). */
  readonly budget?: RateBudget;
  /** [0, 1) for jitter. Default Math.random. */
  readonly random?: () => number;
  /** The provider whose jobs `api` can read. Default 'hostup'. */
  readonly provider?: ProviderName;
  /** How often to look for due operations when idle. Default 500 ms. */
  readonly idleMs?: number;
  readonly schedule?: Partial<PollScheduleOptions>;
  readonly backoff?: Partial<FailureBackoffOptions>;
  readonly thread?: Partial<ThreadPolicy>;
  /** When a run of failed polls is told in the thread. */
  readonly outage?: OutagePolicy;
  /** Told the outcome of every poll (for metrics). */
  readonly onStep?: (provider: ProviderName, outcome: StepOutcome) => void;
  /** Told when a step enqueued messages (the outbox worker's poke). */
  readonly onEnqueued?: () => void;
}

export type StepOutcome = 'ok' | 'read_failed' | 'finished' | 'abandoned';

export function stepOutcome(step: FollowStep): StepOutcome {
  if (step.kind === 'finish') return 'finished';
  if (step.kind === 'abandon') return 'abandoned';
  if (step.kind === 'recorded') return 'ok';
  return step.patch.lastError ? 'read_failed' : 'ok';
}
