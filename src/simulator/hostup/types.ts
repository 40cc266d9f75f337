import type { PowerState, ServiceStatus } from '../../domain/vps.js';

/** A VPS to put in the simulator's inventory; everything but `name` has a default. */
export interface SimVpsSeed {
  /** Default: `vps_` + the name without punctuation (`web-01` → `vps_web01`). */
  id?: string;
  name: string;
  primaryIp?: string;
  hostname?: string;
  powerState?: PowerState;
  serviceStatus?: ServiceStatus;
  os?: string;
  cpuCores?: number;
  memoryGb?: number;
  storageGb?: number;
  snapshots?: { name: string; description?: string; createdAt?: string; expiresAt?: string }[];
  /** Default 3. */
  snapshotLimit?: number;
  backups?: SimBackup[];
}

export interface SimBackup {
  id: string;
  createdAt?: string;
  sizeGb?: number;
}

export interface SimJobTiming {
  queuedMs?: number;
  runningMs?: number;
  progressSteps?: number;
}

export interface SimRateLimit {
  limit: number;
  windowMs: number;
}

/** Which body `GET {pollUrl}` answers with: HostUp's documented older job page, or a v2 operation. */
export type SimEnvelope = 'v2' | 'legacy';

export interface SimRetainedSource {
  id: string;
  name: string;
  backups: SimBackup[];
}

export interface HostUpSimulatorOptions {
  /** Default `sim-token`. */
  token?: string;
  /** Default: the demo inventory (web-01, web-02, db-01, staging, legacy-app). */
  vpses?: SimVpsSeed[];
  /** Instead of `vpses`: generate this many (web-001 …), for pagination. */
  count?: number;
  /** Default 200 / 1000 / 4. */
  job?: SimJobTiming;
  /** Default 'legacy'. */
  envelope?: SimEnvelope;
  /** Page size when `limit` is absent. Default 20, at most 100. */
  pageSizeDefault?: number;
  /** A real sliding-window limit over authenticated API requests; default null (off). */
  rateLimit?: SimRateLimit | null;
  /** Backups of VPSes that no longer exist, offered by restore-sources as `sourceType: 'retained'`. */
  retainedSources?: SimRetainedSource[];
}

/**
 * One entry of the simulator's ordered log of every request received on the API routes (not
 * `/_sim/`), recorded on arrival, before any fault or auth check. The Authorization header is
 * never kept. `acting` marks the calls that may change something (every method but GET/HEAD):
 * `calls` is the log filtered to those.
 */
export interface SimRequest {
  /**
   * Order of arrival, 1, 2, …; shared with jobs' `finishedSeq`, so a test can tell that a job
   * finished before a later call arrived.
   */
  seq: number;
  method: string;
  /** Path including the query string. */
  path: string;
  /** The decoded `{id}` of a `/api/v2/vps/{id}…` path, else null. */
  vpsId: string | null;
  acting: boolean;
  /** The parsed JSON body, or null when there was none or it was not JSON. */
  body: unknown;
  /** Epoch ms of arrival. */
  at: number;
  /** The kind of the fault that met this request, or null. */
  fault: SimFault['kind'] | null;
  /**
   * What HostUp's own logic answered (202, 409, 401 …) if it ran; null when a fault answered
   * instead, so nothing was done. A 2xx here means the call acted, whatever the client received.
   */
  routeStatus: number | null;
  /** The job this call queued, if it queued one. */
  jobId: string | null;
}

/** An acting call whose answer a `hold` fault keeps back (the call itself was carried out). */
export interface SimHeldCall {
  /** The call's `seq` in the log: `release(seq)` sends its answer. */
  seq: number;
  method: string;
  path: string;
  vpsId: string | null;
  /** The status the held answer will have. */
  status: number;
  /** Epoch ms since when it is held. */
  heldSince: number;
}

/**
 * A fault for the next `times` requests that match (default 1; `Infinity` allowed).
 * `match.path` as a string is a substring of the path (query included); a RegExp is tested against it.
 * Only the first queued fault that matches applies to a request.
 *
 * Whether the action happened: `latency` (acts, then answers late), `drop` 'after', `stall` 'body'
 * and `hold` (acts, answers when released or after `ms`) perform the request, as do `status` and
 * `malformed` with `afterActing: true` (the job is queued, then the answer is a 5xx or an
 * unreadable body — with the route's own status unless `status` is given). Every other kind
 * answers instead of the API, so nothing is acted on.
 */
export type SimFault = { match?: { method?: string; path?: string | RegExp }; times?: number } & (
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; code?: string; detail?: string; afterActing?: boolean }
  | { kind: 'rateLimit'; retryAfterSec: number }
  | { kind: 'drop'; when: 'before' | 'after' }
  | { kind: 'malformed'; body: string; contentType?: string; status?: number; afterActing?: boolean }
  | { kind: 'legacyError'; status: number }
  | { kind: 'stall'; when: 'headers' | 'body' }
  | { kind: 'hold'; ms?: number }
);

/** Job kinds, as `failNextJob({action})` and the legacy job page's `type` name them. */
export type SimJobAction =
  | 'start'
  | 'shutdown'
  | 'stop'
  | 'restart'
  | 'reset'
  | 'snapshot_create'
  | 'snapshot_restore'
  | 'restore_from_vps';

export type SimJobStatus = 'pending' | 'queued' | 'in_progress' | 'completed' | 'failed';

/** Live, mutable VPS state: tests may read it and change it for setup. */
export interface SimVps {
  id: string;
  name: string;
  primaryIp: string | null;
  hostname: string;
  powerState: PowerState;
  serviceStatus: ServiceStatus;
  os: string;
  cpuCores: number;
  memoryGb: number;
  storageGb: number;
  snapshots: { name: string; description: string; createdAt: string; expiresAt: string }[];
  /** `limits.totalSnapshots`: creating one more is refused (and `canCreate` closed) at this count. */
  snapshotLimit: number;
  backups: { id: string; createdAt: string; sizeGb: number }[];
  createdAt: string;
  /** Epoch ms of the last boot, for `uptimeSeconds`. */
  bootedAt: number;
  hostnameUpdatedAt: string | null;
}

/** What `updateVps` (and `POST /_sim/vps/{id}`) may change. */
export interface SimVpsPatch {
  powerState?: PowerState;
  serviceStatus?: ServiceStatus;
  snapshotLimit?: number;
}

export interface SimJob {
  id: string;
  vpsId: string;
  action: SimJobAction;
  status: SimJobStatus;
  progress: number;
  progressMessage: string | null;
  pollUrl: string;
  result: unknown;
  error: { code: string; detail: string } | null;
  createdAt: string;
  /** When it went from queued to in_progress. */
  startedAt: string | null;
  finishedAt: string | null;
  /** The log's `seq` at the moment the job finished (see SimRequest.seq), else null. */
  finishedSeq: number | null;
}

export interface HostUpSimulator {
  readonly token: string;
  /** Resolves to the base URL, e.g. http://127.0.0.1:41234. Port 0 (default) lets the OS pick. */
  listen(port?: number, host?: string): Promise<string>;
  /** Closes the server, every socket (stalled ones too) and every job and latency timer. */
  close(): Promise<void>;
  readonly url: string;
  /** Every API request, in order of arrival. */
  readonly requests: readonly SimRequest[];
  /** The acting calls among `requests` (every method but GET/HEAD), in order of arrival. */
  readonly calls: readonly SimRequest[];
  /** Acting calls whose answer a `hold` fault keeps back, oldest first. */
  readonly held: readonly SimHeldCall[];
  /** Sends the held answer of call `seq`, or of every held call; returns how many were sent. */
  release(seq?: number): number;
  /** Requests with this method whose path equals `path` (with or without its query), or matches the RegExp. */
  count(method: string, path: string | RegExp): number;
  inject(fault: SimFault): void;
  clearFaults(): void;
  /** The next job created for a matching action (any when omitted) fails with this code/detail. */
  failNextJob(opts?: { action?: string; code?: string; detail?: string }): void;
  setJobTiming(job: SimJobTiming): void;
  setEnvelope(envelope: SimEnvelope): void;
  setRateLimit(limit: SimRateLimit | null): void;
  getVps(id: string): SimVps | undefined;
  /** Changes what decides the gates: power state, service status, snapshot limit. False: no such VPS. */
  updateVps(id: string, patch: SimVpsPatch): boolean;
  findVpsByName(name: string): SimVps | undefined;
  deleteSnapshot(vpsId: string, snapshotName: string): void;
  getJob(jobId: string): SimJob | undefined;
  readonly jobs: readonly SimJob[];
}
