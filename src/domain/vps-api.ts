import type { PowerAction } from './actions.js';
import type { JobState, QueuedOperation } from './operation.js';
import type {
  BackupList,
  HostnameResult,
  RestoreSource,
  SnapshotList,
  Vps,
  VpsDetails,
  VpsLiveStatus,
} from './vps.js';

/** The last rate-limit figures a provider sent (`X-RateLimit-*`), so callers can slow down. */
export interface RateLimitInfo {
  readonly limit: number | null;
  readonly remaining: number | null;
  /** Epoch ms when the window resets (HostUp sends an ISO time). */
  readonly resetAt: number | null;
  /** Set when the answer was a 429. */
  readonly retryAfterMs: number | null;
}

export interface VpsPage {
  readonly items: readonly Vps[];
  readonly nextCursor: string | null;
}

export interface ListVpsQuery {
  /** Exact, case-insensitive. */
  readonly name?: string;
  /** Exact. */
  readonly primaryIp?: string;
  /** Page size, 1..100. */
  readonly limit?: number;
}

/**
 * What the bot needs from a VPS provider. The HostUp client implements it; the domain and the
 * Slack adapter only know this interface.
 *
 * Acting calls (`powerAction`, `createSnapshot`, `restoreSnapshot`, `restoreFromVps`, `setHostname`)
 * are sent at most once: an implementation never repeats one that may have reached the server.
 * When one fails, `actingCallOutcome` (errors.ts) tells "provably nothing happened" from "unknown".
 * Ids are checked for an id's shape before any request (ProviderIdError).
 */
export interface VpsApi {
  /** Every VPS, following `nextCursor` through all pages. */
  listVps(query?: ListVpsQuery): Promise<Vps[]>;
  listVpsPage(query?: ListVpsQuery & { cursor?: string }): Promise<VpsPage>;
  getVps(id: string): Promise<Vps>;
  getVpsDetails(id: string): Promise<VpsDetails>;
  getVpsStatus(id: string): Promise<VpsLiveStatus>;
  powerAction(id: string, action: PowerAction, options?: { force?: boolean }): Promise<QueuedOperation>;
  listSnapshots(id: string): Promise<SnapshotList>;
  /** Queues a snapshot; it appears in `listSnapshots` once the job completes (and lives about 24 h). */
  createSnapshot(id: string, snapshot: { name: string; description?: string }): Promise<QueuedOperation>;
  restoreSnapshot(id: string, snapshotName: string): Promise<QueuedOperation>;
  listBackups(id: string): Promise<BackupList>;
  listRestoreSources(id: string): Promise<RestoreSource[]>;
  restoreFromVps(id: string, source: { sourceVpsId: string; backupId: string }): Promise<QueuedOperation>;
  getHostname(id: string): Promise<HostnameResult>;
  setHostname(id: string, hostname: string): Promise<HostnameResult>;
  /** One reading of a job; `pollUrl` as the acting call returned it. */
  pollJob(pollUrl: string): Promise<JobState>;
}
