/**
 * Huawei Cloud Workspace (Application Streaming) app servers, independent of how the API spells
 * them on the wire. The Huawei client maps its JSON into these types; Slack renderers read them.
 */

/** Registration status (`status`): UNREGISTER, REGISTERED, MAINTAINING, FREEZE, STOPPED, NONE. */
export type AppServerStatus = 'UNREGISTER' | 'REGISTERED' | 'MAINTAINING' | 'FREEZE' | 'STOPPED' | 'NONE';

/** The virtual machine's state (`vm_status`) as documented; new values are passed through as is. */
export type AppServerVmStatus =
  | 'BUILD'
  | 'BUILD_FAIL'
  | 'REBOOT'
  | 'HARD_REBOOT'
  | 'REBUILD'
  | 'REBUILD_FAIL'
  | 'MIGRATING'
  | 'RESIZE'
  | 'ACTIVE'
  | 'SHUTOFF'
  | 'REVERT_RESIZE'
  | 'VERIFY_RESIZE'
  | 'ERROR'
  | 'DELETING'
  | 'FREEZE';

export interface AppServer {
  /** Huawei's own id (a long decimal string): never built by the bot, only read from a list. */
  readonly id: string;
  readonly name: string;
  readonly machineName: string | null;
  readonly serverGroupId: string | null;
  readonly serverGroupName: string | null;
  /** Kept as a string: an unknown value must not hide the server. */
  readonly status: AppServerStatus | (string & {}) | null;
  readonly vmStatus: AppServerVmStatus | (string & {}) | null;
  /** `rebooting`, `reboot_started_hard`, `powering-on`, … or null when no task runs. */
  readonly taskStatus: string | null;
  /** True when the server is in maintenance mode (no new sessions). */
  readonly maintainStatus: boolean | null;
  /** People logged in now: a reboot drops their sessions. Null when the API did not say. */
  readonly sessionCount: number | null;
  readonly jobStatus: string | null;
  /** As the API sent it (ISO 8601). */
  readonly updateTime: string | null;
}

/** Filters of the list route; names, machine names and IPs match partially (server side). */
export interface AppServerQuery {
  readonly serverName?: string;
  readonly machineName?: string;
  readonly ipAddr?: string;
  readonly serverGroupId?: string;
  readonly serverId?: string;
}

/** SOFT is a normal reboot, HARD a forced one. */
export type RebootType = 'SOFT' | 'HARD';

/**
 * What became of one batch-reboot request (at most 20 ids). `accepted`: Huawei answered 200 (it
 * returns no job id). `failed`: the request failed; `mayHaveActed` is true when it may still have
 * been carried out (a lost answer, a 5xx), so nobody should resend it blindly. `skipped`: never sent,
 * because an earlier chunk failed.
 */
export type RebootChunkResult =
  | { readonly outcome: 'accepted'; readonly ids: readonly string[]; readonly requestId: string | null }
  | {
      readonly outcome: 'failed';
      readonly ids: readonly string[];
      readonly error: Error;
      readonly mayHaveActed: boolean;
    }
  | { readonly outcome: 'skipped'; readonly ids: readonly string[] };

/** Every chunk in the order sent, plus the ids sorted by outcome so no failure hides a success. */
export interface BatchRebootResult {
  readonly type: RebootType;
  readonly chunks: readonly RebootChunkResult[];
  readonly acceptedIds: readonly string[];
  readonly failedIds: readonly string[];
  readonly skippedIds: readonly string[];
}

/** Builds the result from its chunks, so every implementation sorts ids the same way. */
export function batchRebootResult(type: RebootType, chunks: readonly RebootChunkResult[]): BatchRebootResult {
  const idsOf = (outcome: RebootChunkResult['outcome']) =>
    chunks.filter((c) => c.outcome === outcome).flatMap((c) => c.ids);
  return {
    type,
    chunks,
    acceptedIds: idsOf('accepted'),
    failedIds: idsOf('failed'),
    skippedIds: idsOf('skipped'),
  };
}

/**
 * What the bot needs from Huawei Workspace. `batchReboot` sends each chunk at most once: a request
 * that may have reached the server is never repeated.
 */
export interface AppServerApi {
  /** Every app server matching the query, across all pages. */
  listAppServers(query?: AppServerQuery): Promise<AppServer[]>;
  getAppServer(id: string): Promise<AppServer>;
  /** Reboots in requests of at most 20 ids; stops sending after the first failed chunk. */
  batchReboot(ids: readonly string[], type: RebootType): Promise<BatchRebootResult>;
}
