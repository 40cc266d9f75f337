import type { PowerAction } from './actions.js';

/**
 * What a person asked the bot to do to which servers, as plain data: the one description of an
 * action that confirmations, approval requests, the acting pipeline and the journal all store.
 * Every id in it was read from the provider's own lists when it was made, never typed.
 */

export interface SnapshotRef {
  readonly name: string;
  readonly createdAt: string | null;
  readonly expiresAt: string | null;
}

export interface BackupRef {
  readonly id: string;
  readonly displayId: string | null;
  readonly createdAt: string | null;
  readonly sizeGb: number | null;
}

export interface AppServerTarget {
  readonly id: string;
  readonly name: string;
  /** How many people were logged in when it was asked (null when Huawei did not say). */
  readonly sessionCount: number | null;
}

/** The VPS an action is for; `vpsHostname` (when read) lets the policy match hostnames too. */
interface OnVps {
  readonly vpsId: string;
  readonly vpsName: string;
  readonly vpsHostname?: string | null;
}

export type ActionRequest =
  | (OnVps & { readonly kind: 'restore'; readonly snapshot: SnapshotRef })
  | (OnVps & {
      readonly kind: 'restore-from';
      readonly source: { readonly vpsId: string; readonly name: string };
      readonly backup: BackupRef;
    })
  | (OnVps & { readonly kind: 'power'; readonly action: PowerAction; readonly force: boolean })
  | (OnVps & {
      readonly kind: 'hostname';
      readonly hostname: string;
      readonly currentHostname: string | null;
    })
  | SnapshotRequest
  | AppServerRebootRequest;

/**
 * A snapshot of a VPS's disk: asked for with `/vps snapshot` ('manual'), or taken by the pipeline
 * just before a restore replaces that disk ('safety': the way back that Undo restores).
 */
export type SnapshotRequest = OnVps & {
  readonly kind: 'snapshot';
  readonly name: string;
  readonly purpose: 'manual' | 'safety';
};

/** A reboot of Huawei app servers; `sessionCount` is what Huawei said when it was asked. */
export interface AppServerRebootRequest {
  readonly kind: 'appserver-reboot';
  readonly hard: boolean;
  readonly servers: readonly AppServerTarget[];
}

/** The request's kinds that act on one HostUp VPS. */
export type VpsActionRequest = Exclude<ActionRequest, AppServerRebootRequest>;

/** The names policy, audit and the journal know actions by. */
export const actionNames = [
  'start',
  'shutdown',
  'stop',
  'restart',
  'force-restart',
  'reset',
  'hostname',
  'restore',
  'restore-from',
  'snapshot',
  'appserver-reboot',
  'appserver-hard-reboot',
] as const;
export type ActionName = (typeof actionNames)[number];

export function actionNameOf(request: ActionRequest): ActionName {
  switch (request.kind) {
    case 'power':
      return request.force && request.action === 'restart' ? 'force-restart' : request.action;
    case 'appserver-reboot':
      return request.hard ? 'appserver-hard-reboot' : 'appserver-reboot';
    default:
      return request.kind;
  }
}

export type ProviderName = 'hostup' | 'huawei';

/** A server as the pipeline locks and reports it. */
export interface ServerRef {
  readonly provider: ProviderName;
  readonly id: string;
  readonly name: string;
}

export function serversOf(request: ActionRequest): ServerRef[] {
  if (request.kind === 'appserver-reboot') {
    return request.servers.map((s) => ({ provider: 'huawei', id: s.id, name: s.name }));
  }
  return [{ provider: 'hostup', id: request.vpsId, name: request.vpsName }];
}

/** The key a server is locked under: one namespace per provider. */
export function serverKey(server: Pick<ServerRef, 'provider' | 'id'>): string {
  return `${server.provider}:${server.id}`;
}

/** What a request acts on, for the audit trail and the store: an id and a name people read. */
export function requestTarget(request: ActionRequest): { readonly id: string; readonly name: string } {
  const servers = serversOf(request);
  return {
    id: servers.map((s) => s.id).join(','),
    name: servers.length === 1 ? servers[0]!.name : `${servers.length} app servers`,
  };
}

export function providerOf(request: ActionRequest): ProviderName {
  return request.kind === 'appserver-reboot' ? 'huawei' : 'hostup';
}
