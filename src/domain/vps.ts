/**
 * What the bot knows about a VPS, independent of how HostUp spells it on the wire.
 * Providers map their JSON into these types; Slack renderers read them.
 */

export type ServiceStatus =
  | 'active'
  | 'suspended'
  | 'terminated'
  | 'pending'
  | 'cancelled'
  | 'expired'
  | 'fraud'
  | 'unknown';

export type PowerState =
  | 'running'
  | 'stopped'
  | 'starting'
  | 'stopping'
  | 'paused'
  | 'provisioning'
  | 'error'
  | 'unknown';

export interface Resources {
  readonly cpuCores?: number | undefined;
  readonly memoryGb?: number | undefined;
  readonly storageGb?: number | undefined;
}

export interface Vps {
  /** The API's own id (`vps_…`): never built by the bot, only read from a list. */
  readonly id: string;
  readonly name: string;
  readonly primaryIp: string | null;
  /** Known from `details` or the hostname route; absent on list items. */
  readonly hostname?: string | undefined;
  readonly serviceStatus: ServiceStatus;
  readonly powerState: PowerState;
  readonly operatingSystem: string | null;
  readonly resources: Resources;
  /**
   * Gates sent with a single VPS (`GET /vps/{id}` carries canRestart/canReset); absent on list items.
   */
  readonly actions?: Readonly<Partial<Record<GateName, Gate>>>;
}

/**
 * Whether the API allows an action now, and if not, why (its own words).
 * HostUp sends either a bare boolean or `{allowed, reason, code}`; both map here.
 */
export interface Gate {
  readonly allowed: boolean;
  readonly reason: string | null;
  readonly code: string | null;
}

export type GateName =
  | 'canStart'
  | 'canShutdown'
  | 'canStop'
  | 'canRestart'
  | 'canReset'
  | 'canRestore'
  | 'canRestoreFromAnotherVps'
  | 'canChange';

export interface VpsDetails extends Vps {
  readonly productName: string | null;
  readonly ips: readonly string[];
  /** Gates the API sent; a gate that is absent means "let the API decide". */
  readonly actions: Readonly<Partial<Record<GateName, Gate>>>;
}

export interface VpsLiveStatus {
  readonly powerState: PowerState;
  readonly uptimeSeconds: number | null;
  readonly cpuUsagePercent: number | null;
  readonly pendingTasks: number | null;
}

export interface Snapshot {
  /** The snapshot's `name`: the id used to restore it. */
  readonly name: string;
  readonly displayId: string | null;
  readonly description: string | null;
  readonly createdAt: string | null;
  readonly expiresAt: string | null;
  readonly includesMemoryState: boolean;
  /** Per-item gate when HostUp sends one (unsure in the docs). */
  readonly canRestore?: Gate | undefined;
}

export interface SnapshotList {
  readonly snapshots: readonly Snapshot[];
  readonly totalLimit: number | null;
  readonly canCreate?: Gate | undefined;
  readonly canRestore?: Gate | undefined;
}

export interface Backup {
  readonly id: string;
  readonly displayId: string | null;
  readonly createdAt: string | null;
  readonly sizeGb: number | null;
  readonly backupType?: string | null;
  readonly note?: string | null;
}

export interface BackupList {
  readonly backups: readonly Backup[];
  readonly canRestore?: Gate | undefined;
}

export interface RestoreSource {
  readonly id: string;
  readonly name: string;
  readonly serviceStatus: ServiceStatus;
  readonly sourceType: 'server' | 'retained' | string;
  readonly backups: readonly Backup[];
}

export type ReverseDnsStatus = 'not_changed' | 'restored' | 'partial_failure';

export interface HostnameResult {
  readonly hostname: string;
  readonly reloadRecommended: boolean;
  readonly canChange?: Gate | undefined;
  readonly reverseDns: {
    readonly status: ReverseDnsStatus | string;
    readonly restoredIps: readonly string[];
    readonly failedIps: readonly string[];
    readonly detail: string | null;
  } | null;
  readonly updatedAt: string | null;
}
