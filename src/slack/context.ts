import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { AccessPolicy } from '../domain/policy.js';
import type { VpsApi } from '../domain/vps-api.js';
import type { InFlight } from '../in-flight.js';
import type { Metrics } from '../ops/metrics.js';
import type { AppServerActions } from '../services/app-server-actions.js';
import type { ApprovalService } from '../services/approvals.js';
import type { VpsActions } from '../services/vps-actions.js';
import type { Store } from '../store/store.js';

/** What every listener may use. Built once in the app factory; listeners never build their own. */
export interface BotContext {
  readonly api: VpsApi;
  readonly actions: VpsActions;
  readonly policy: AccessPolicy;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Tells the outbox worker a message was enqueued, so it goes out now rather than at its next look. */
  readonly pokeOutbox: () => void;
  /** Work after an ack runs inside this, so a graceful stop can wait for it. */
  readonly inFlight: InFlight;
  readonly metrics: Metrics;
  /** Approval requests for destructive actions. */
  readonly approvals: ApprovalService;
  /** The Web API client, for modals (views.open needs the click's or command's trigger_id). */
  readonly client: webApi.WebClient;
  /** Huawei Workspace app servers; null (or absent) when HUAWEI_* is not set up. */
  readonly appServers?: AppServerActions | null;
}
