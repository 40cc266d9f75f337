import type { RebootType } from '../../domain/app-server.js';
import type { SimAccessKey } from './signatures.js';

export type { SimAccessKey } from './signatures.js';

/** An app server to put in the inventory; everything but `name` has a default. */
export interface SimAppServerSeed {
  /** Default: an 18-digit id derived from the position (Huawei ids are long decimal strings). */
  id?: string;
  name: string;
  machineName?: string;
  serverGroupId?: string;
  serverGroupName?: string;
  /** Default REGISTERED. */
  status?: string;
  /** Default ACTIVE. */
  vmStatus?: string | null;
  taskStatus?: string | null;
  maintainStatus?: boolean;
  sessionCount?: number;
  ipAddr?: string;
}

/** Live, mutable server state: tests may read it and change it for setup. */
export interface SimAppServer {
  id: string;
  name: string;
  machineName: string;
  serverGroupId: string;
  serverGroupName: string;
  status: string;
  vmStatus: string | null;
  taskStatus: string | null;
  maintainStatus: boolean;
  sessionCount: number;
  jobStatus: string | null;
  ipAddr: string;
  updateTime: string;
  /** Every reboot the server received, in order. */
  reboots: RebootType[];
}

/** An IAM user the token endpoint accepts. */
export interface SimIamUser {
  name: string;
  password: string;
  /** The account (domain) name. */
  domain: string;
}

export interface SimRebootTiming {
  /** How long a server stays in REBOOT/HARD_REBOOT before it is ACTIVE again (or ERROR). */
  rebootMs?: number;
}

export interface HuaweiSimulatorOptions {
  /** Default `0a1b2c3d4e5f60718293a4b5c6d7e8f9`. Paths with another project id answer 403. */
  projectId?: string;
  /** Default one user: chatops-bot / sim-password / sim-account. */
  users?: SimIamUser[];
  /** Tokens accepted without IAM, like an operator's fixed token (they expire with `expireTokens`). */
  fixedTokens?: string[];
  /**
   * Access key pairs for AK/SK signing (`Authorization: SDK-HMAC-SHA256 …`). A signed request is
   * checked like the API gateway checks it; without pairs every signed request is refused.
   */
  accessKeys?: SimAccessKey[];
  /** Lifetime of issued tokens; default 24 h. */
  tokenTtlMs?: number;
  /** Default: the demo inventory (app-01 … app-05). */
  servers?: SimAppServerSeed[];
  /** Instead of `servers`: this many (app-001 …), for pagination. */
  count?: number;
  /** Default rebootMs 2000. */
  reboot?: SimRebootTiming;
  /** Page size when `limit` is absent. Default 10. */
  pageSizeDefault?: number;
}

/** Every request received on the API routes (not `/_sim/`). Tokens and passwords are never kept. */
export interface SimRequest {
  service: 'iam' | 'workspace';
  method: string;
  /** Path including the query string. */
  path: string;
  /** Parsed JSON body (an IAM password replaced by `[redacted]`), or null. */
  body: unknown;
  /** How the X-Auth-Token looked to the simulator (IAM and AK/SK-signed requests: 'none'). */
  token: 'valid' | 'expired' | 'unknown' | 'missing' | 'none';
  /** For an AK/SK-signed request: whether the signature held, and why not. */
  signature?: { valid: boolean; why?: string };
  /** Epoch ms. */
  at: number;
}

/**
 * A fault for the next `times` requests that match (default 1; `Infinity` allowed). `match.path`
 * as a string is a substring of the path (query included); a RegExp is tested against it.
 * `latency` and `drop` 'after' act before answering late or not at all; the others do not act.
 * A `status` fault answers `{error_code, error_msg}` (defaults per status: 403 WKS.00081102,
 * 500 WKS.00211401, …).
 */
export type SimFault = { match?: { method?: string; path?: string | RegExp }; times?: number } & (
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; code?: string; message?: string }
  | { kind: 'drop'; when: 'before' | 'after' }
  | { kind: 'malformed'; body: string; contentType?: string; status?: number }
  | { kind: 'stall' }
);

export interface HuaweiSimulator {
  readonly projectId: string;
  /** The default (first) IAM user, for clients under test. */
  readonly user: SimIamUser;
  /** Resolves to the base URL (serves IAM and Workspace); port 0 (default) lets the OS pick. */
  listen(port?: number, host?: string): Promise<string>;
  /** Closes the server, every socket and every timer. */
  close(): Promise<void>;
  readonly url: string;
  readonly requests: readonly SimRequest[];
  /** Requests with this method whose path (without query) equals `path`, or matches the RegExp. */
  count(method: string, path: string | RegExp): number;
  /** Every token issued so far (for assertions that none leaked). */
  readonly issuedTokens: readonly string[];
  inject(fault: SimFault): void;
  clearFaults(): void;
  /** Every token issued or fixed so far is refused from now on (401). */
  expireTokens(): void;
  setTokenTtl(ms: number): void;
  setRebootTiming(timing: SimRebootTiming): void;
  /** The next reboot of this server ends in vm_status ERROR instead of ACTIVE. */
  failNextReboot(serverId: string): void;
  /** Replaces the inventory. */
  seed(servers: SimAppServerSeed[]): void;
  getServer(id: string): SimAppServer | undefined;
  findServerByName(name: string): SimAppServer | undefined;
  readonly servers: readonly SimAppServer[];
}
