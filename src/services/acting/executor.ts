import type { ActionRequest } from '../../domain/action-request.js';
import type { AppServerApi } from '../../domain/app-server.js';
import type { NotRebooted } from '../../domain/app-server-notifications.js';
import type { Observation } from '../../domain/observation.js';
import type { JobStatus } from '../../domain/operation.js';
import type { Refusal } from '../../domain/refusals.js';
import type { HostnameResult } from '../../domain/vps.js';
import type { VpsApi } from '../../domain/vps-api.js';

/** The provider clients the acting pipeline calls; Huawei is null when it is not set up. */
export interface Providers {
  readonly hostup: VpsApi;
  readonly huawei: AppServerApi | null;
}

/** What one acting call came back with, when it came back at all. */
export type CallAnswer =
  /** HostUp queued a job: follow its pollUrl. */
  | {
      readonly kind: 'job';
      readonly jobId: string;
      readonly pollUrl: string;
      readonly status: JobStatus;
      readonly result: unknown;
    }
  /** A synchronous change (the hostname): done already. */
  | { readonly kind: 'hostname'; readonly result: HostnameResult }
  /** Huawei took some servers (no job id comes back); `notRebooted` were not taken. */
  | {
      readonly kind: 'reboot';
      readonly accepted: readonly string[];
      readonly notRebooted: readonly NotRebooted[];
      /** Nothing was accepted, and no failed request may have reached Huawei. */
      readonly noneAccepted: 'not_acted' | 'unknown' | null;
    };

/**
 * How one kind of action is carried out: the checks that must hold just before it runs, the one
 * acting call, what the journal records of it, and how to read the server's state afterwards.
 * Every action of the bot goes through one of these, and only through the acting pipeline.
 */
export interface ActionExecutor<R extends ActionRequest = ActionRequest> {
  /** The live checks (gates, the snapshot or backup still there); null when it may go ahead. */
  recheck(providers: Providers, request: R): Promise<Refusal | null>;
  /** The acting call, sent once. Throws what the client threw when nothing usable came back. */
  call(providers: Providers, request: R): Promise<CallAnswer>;
  /** The request as the journal keeps it: method, path and body, no secrets. */
  describeCall(request: R): { readonly method: string; readonly path: string; readonly body?: unknown };
  observe(providers: Providers, request: R): Promise<Observation>;
  /** Whether an observation still shows work under way (a pending task, a server rebooting). */
  busy(observation: Observation): boolean;
}
