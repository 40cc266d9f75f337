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
 * Acting calls (`powerAction`, `restoreSnapshot`, `restoreFromVps`, `setHostname`) are sent at most
 * once: an implementation never repeats one that may have reached the server.
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
  restoreSnapshot(id: string, snapshotName: string): Promise<QueuedOperation>;
  listBackups(id: string): Promise<BackupList>;
  listRestoreSources(id: string): Promise<RestoreSource[]>;
  restoreFromVps(id: string, source: { sourceVpsId: string; backupId: string }): Promise<QueuedOperation>;
  getHostname(id: string): Promise<HostnameResult>;
  setHostname(id: string, hostname: string): Promise<HostnameResult>;
  /** One reading of a job; `pollUrl` as the acting call returned it. */
  pollJob(pollUrl: string): Promise<JobState>;
}
