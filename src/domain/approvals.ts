import { type PowerAction, powerActionInfo } from './actions.js';

/**
 * Two-person approval, as plain data: what is asked for, whether it needs approval, and the words
 * that say what will happen and what is lost. No Slack, no store.
 */

/**
 * Actions a deployment may put behind approval with VPS_REQUIRE_APPROVAL. The two restores are
 * deliberately NOT in this list: they always need approval, and no setting can say otherwise.
 */
export const approvableActions = ['reset', 'stop', 'hostname', 'appserver-hard-reboot'] as const;
export type ApprovableAction = (typeof approvableActions)[number];

/** The actions that need approval whatever the configuration says. */
export const alwaysApproved = ['restore', 'restore-from'] as const;

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

/**
 * What an approval request asks for. Every id in it was read from the API's own lists (the
 * snapshot from the snapshot list, the source and backup from restore-sources) when it was made.
 */
export type ApprovalRequest =
  | {
      readonly kind: 'restore';
      readonly vpsId: string;
      readonly vpsName: string;
      readonly snapshot: SnapshotRef;
    }
  | {
      readonly kind: 'restore-from';
      readonly vpsId: string;
      readonly vpsName: string;
      readonly source: { readonly vpsId: string; readonly name: string };
      readonly backup: BackupRef;
    }
  | {
      readonly kind: 'power';
      readonly vpsId: string;
      readonly vpsName: string;
      readonly action: PowerAction;
      readonly force: boolean;
    }
  | {
      readonly kind: 'hostname';
      readonly vpsId: string;
      readonly vpsName: string;
      readonly hostname: string;
      readonly currentHostname: string | null;
    }
  | AppServerRebootApproval;

/**
 * A reboot of Huawei app servers (VPS_REQUIRE_APPROVAL lists appserver-hard-reboot). The servers
 * were resolved through the Huawei API at the command; `sessionCount` is what it said then.
 */
export interface AppServerRebootApproval {
  readonly kind: 'appserver-reboot';
  readonly hard: boolean;
  readonly servers: readonly {
    readonly id: string;
    readonly name: string;
    readonly sessionCount: number | null;
  }[];
}

/** What a request acts on, for the audit trail and the approval row: an id and a name people read. */
export function requestTarget(request: ApprovalRequest): { readonly id: string; readonly name: string } {
  if (request.kind !== 'appserver-reboot') return { id: request.vpsId, name: request.vpsName };
  const { servers } = request;
  return {
    id: servers.map((s) => s.id).join(','),
    name: servers.length === 1 ? servers[0]!.name : `${servers.length} app servers`,
  };
}

/** The part of a request that decides whether it needs approval. */
export type ApprovalQuestion =
  | { readonly kind: 'restore' | 'restore-from' }
  | { readonly kind: 'power'; readonly action: PowerAction; readonly force?: boolean }
  | { readonly kind: 'hostname' }
  | { readonly kind: 'appserver-reboot'; readonly hard: boolean };

/** Whether an action must be approved by someone else before it runs. Restores: always. */
export function requiresApproval(
  question: ApprovalQuestion,
  configured: ReadonlySet<ApprovableAction>,
): boolean {
  switch (question.kind) {
    case 'restore':
    case 'restore-from':
      return true;
    case 'power':
      return (question.action === 'reset' || question.action === 'stop') && configured.has(question.action);
    case 'hostname':
      return configured.has('hostname');
    case 'appserver-reboot':
      return question.hard && configured.has('appserver-hard-reboot');
  }
}

/** The action's name in the audit trail: `restore`, `restore-from`, `reset`, `hostname`… */
export function approvalActionName(request: ApprovalRequest): string {
  if (request.kind === 'power') return request.force ? `${request.action} --force` : request.action;
  // The same names AppServerActions audits a reboot without approval under.
  if (request.kind === 'appserver-reboot')
    return request.hard ? 'appserver reboot --hard' : 'appserver reboot';
  return request.kind;
}

export interface RequestDescription {
  /** One line: "Restore web-01 to snapshot before-upgrade". */
  readonly title: string;
  /** What the action does, in a sentence. */
  readonly effect: string;
  /** What is lost or disturbed, one sentence each (empty when nothing is). */
  readonly lost: readonly string[];
}

/** The words for a request; the renderer adds emphasis and escaping. */
export function describeRequest(request: ApprovalRequest): RequestDescription {
  if (request.kind === 'appserver-reboot') return describeAppServerReboot(request);
  const vps = request.vpsName;
  switch (request.kind) {
    case 'restore':
      return {
        title: `Restore ${vps} to snapshot ${request.snapshot.name}`,
        effect: `Puts the disk of ${vps} back to how it was in snapshot ${request.snapshot.name}.`,
        lost: [
          `The current disk of ${vps} is replaced: everything written since the snapshot was taken is lost.`,
        ],
      };
    case 'restore-from':
      return {
        title: `Replace the disk of ${vps} with backup ${request.backup.id} of ${request.source.name}`,
        effect: `Copies backup ${request.backup.id} of ${request.source.name} onto ${vps}.`,
        lost: [
          `The current disk of ${vps} is replaced and lost.`,
          `${vps} is stopped first, and its network settings are re-applied when it starts again.`,
        ],
      };
    case 'power': {
      const info = powerActionInfo[request.action];
      return {
        title: `${info.label} ${vps}`,
        effect: `This ${info.effect}.`,
        lost: info.warning ? [info.warning] : [],
      };
    }
    case 'hostname':
      return {
        title: `Change the hostname of ${vps} to ${request.hostname}`,
        effect: `Sets the hostname of ${vps} from ${request.currentHostname ?? 'unknown'} to ${request.hostname}; reverse DNS follows.`,
        lost: [],
      };
  }
}

/** The verb for "@ana restored web-01" once the approved action runs. */
export function approvedVerbPast(request: ApprovalRequest): string {
  switch (request.kind) {
    case 'restore':
    case 'restore-from':
      return 'restored';
    case 'power':
      return powerActionInfo[request.action].verbPast;
    case 'hostname':
      return 'changed the hostname of';
    case 'appserver-reboot':
      return 'rebooted';
  }
}

/** "HARD reboot 2 app servers": a forced restart, and who is logged out by it. */
function describeAppServerReboot(request: AppServerRebootApproval): RequestDescription {
  const { servers, hard } = request;
  const n = servers.length;
  const which = n === 1 ? servers[0]!.name : `${n} app servers`;
  const people = servers.reduce((sum, s) => sum + (s.sessionCount ?? 0), 0);
  const busy = servers.filter((s) => (s.sessionCount ?? 0) > 0).length;
  const unknown = servers.filter((s) => s.sessionCount === null).length;
  const lost: string[] = [];
  if (people > 0) {
    lost.push(
      `${people} ${people === 1 ? 'person is' : 'people are'} logged in on ${busy === 1 && n === 1 ? 'it' : `${busy} of them`}: ` +
        `${people === 1 ? 'their session is' : 'their sessions are'} cut off and unsaved work is lost.`,
    );
  } else if (unknown === 0) {
    lost.push('Nobody was logged in when this was asked, but anyone who logs in before it runs is cut off.');
  }
  if (unknown > 0) {
    lost.push(
      `Huawei did not say how many people are logged in on ${unknown === n ? (n === 1 ? 'it' : 'them') : `${unknown} of them`}: anyone who is loses their session.`,
    );
  }
  if (hard) lost.push('The servers are not shut down cleanly: open files may be damaged.');
  return {
    title: `${hard ? 'HARD reboot' : 'Reboot'} ${which}`,
    effect: hard
      ? `Forces a reboot of ${which} at once (${names(servers)}), without a clean shutdown.`
      : `Reboots ${which} (${names(servers)}).`,
    lost,
  };
}

/** At most 10 names, then how many more: the effect sentence stays short for Slack. */
function names(servers: readonly { readonly name: string }[]): string {
  const shown = servers.slice(0, 10).map((s) => s.name);
  const more = servers.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** The status of a request as its message shows it. */
export type ApprovalState =
  | 'pending'
  | 'approved'
  | 'executing'
  | 'executed'
  | 'rejected'
  | 'cancelled'
  | 'expired'
  | 'failed';

/** "1 of 2 approvals" and whether more are needed. */
export function approvalProgress(
  votes: number,
  required: number,
): { readonly missing: number; readonly text: string } {
  const missing = Math.max(0, required - votes);
  return {
    missing,
    text: `${Math.min(votes, required)} of ${required} approval${required === 1 ? '' : 's'}`,
  };
}
