import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { AppServerApi } from '../domain/app-server.js';
import type { VpsApi } from '../domain/vps-api.js';
import type { InFlight } from '../in-flight.js';
import type { Metrics } from '../ops/metrics.js';
import type { PolicyService } from '../services/acting/policy-service.js';
import type { ActionConfirmations } from '../services/action-confirmations.js';
import type { AfterReviews } from '../services/after-reviews.js';
import type { ApprovalDecisions } from '../services/approval-decisions.js';
import type { VpsFinder } from '../services/find-vps.js';
import type { PausedOperations } from '../services/paused-operations.js';
import type { RestoreRequests } from '../services/restore-requests.js';
import type { Store } from '../store/store.js';
import type { HomeRefresher } from './home/home-refresh.js';
import type { TimeZones } from './time-zones.js';

/** What every listener may use. Built once by the composition root; listeners never build their own. */
export interface BotContext {
  /** HostUp, for reading (lists, cards, snapshots); acting goes through `confirmations`. */
  readonly hostup: VpsApi;
  /** Huawei Workspace, for reading app servers; null when HUAWEI_* is not set up. */
  readonly huawei: AppServerApi | null;
  /** Turns what a person typed into one VPS (names, hostnames, IPs, ids), hostnames cached. */
  readonly finder: VpsFinder;
  readonly policy: PolicyService;
  /** Prepare, Confirm and Cancel for every action. */
  readonly confirmations: ActionConfirmations;
  /** Restore requests from commands and forms. */
  readonly restores: RestoreRequests;
  /** Approve, Reject and Cancel on requests. */
  readonly decisions: ApprovalDecisions;
  /** Acknowledging break-glass uses. */
  readonly reviews: AfterReviews;
  /** The choice after a failed chunk of a canary reboot. */
  readonly steps: PausedOperations;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Tells the outbox (and the tracker) something was enqueued, so it goes out now. */
  readonly pokeOutbox: () => void;
  /** Work after an ack runs inside this, so a graceful stop can wait for it. */
  readonly inFlight: InFlight;
  readonly metrics: Metrics;
  /** The Web API client, for modals (views.open needs the click's or command's trigger_id). */
  readonly client: webApi.WebClient;
  /** Each person's time zone, for private answers. */
  readonly zones: TimeZones;
  /** App Homes: who opened theirs, and refreshing them. */
  readonly homes: HomeRefresher;
  /** How long a restore form stays valid, and the request it makes stays open. */
  readonly approvalTtlMinutes: number;
}
