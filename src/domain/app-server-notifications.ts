import type { RebootType } from './app-server.js';
import type { OperationApproval } from './approval-notifications.js';

/**
 * What the channel hears about a reboot of Huawei app servers, as plain data (rendered when sent,
 * like every Notification). One operation follows every server of one Confirm.
 */

/** Who rebooted which servers, shared by every message of the operation. */
export interface AppServerRebootSubject {
  readonly operationId: string;
  readonly requester: string;
  readonly type: RebootType;
  /** The servers Huawei accepted, which the bot follows, by name. */
  readonly serverNames: readonly string[];
  /** Set when the reboot ran after a two-person approval. */
  readonly approval?: OperationApproval;
}

/** A server the bot asked to reboot but Huawei did not accept (its chunk failed or was never sent). */
export interface NotRebooted {
  readonly id: string;
  readonly name: string;
  /** 'failed': its request failed; 'skipped': not sent because an earlier request failed. */
  readonly why: 'failed' | 'skipped';
  /** The request may still have been carried out (a lost answer, a 5xx). */
  readonly mayHaveActed: boolean;
  /** What Huawei or the network said, for people (null for skipped ones). */
  readonly error: string | null;
}

/** Where one followed server is. `pending`: not read since the reboot was accepted. */
export type AppServerFollowState = 'pending' | 'rebooting' | 'back' | 'failed' | 'timed_out';

/** One server as a message shows it. */
export interface AppServerLine {
  readonly name: string;
  readonly vmStatus: string | null;
  readonly taskStatus: string | null;
  /** Why it failed when it was not an ERROR reading (e.g. the server no longer exists). */
  readonly note?: string | null;
}

export interface AppServerCounts {
  readonly pending: number;
  readonly rebooting: number;
  readonly back: number;
  readonly failed: number;
  readonly timedOut: number;
}

/** The visible root message, posted at Confirm and edited as servers come back. */
export interface AppServerRebootRoot {
  readonly type: 'appserver-reboot.root';
  readonly subject: AppServerRebootSubject;
  readonly counts: AppServerCounts;
  readonly notRebooted: readonly NotRebooted[];
  readonly finished: boolean;
  /** Posted before the batch-reboot call: Huawei has not answered yet. */
  readonly calling?: boolean;
  /** Huawei's answer was lost (or refused the request): what happened is being checked. */
  readonly phase?: 'refused' | 'unknown';
}

/** A thread reply: these servers changed to `state` at one reading (each change is told once). */
export interface AppServerRebootChanged {
  readonly type: 'appserver-reboot.changed';
  readonly subject: AppServerRebootSubject;
  readonly state: 'rebooting' | 'back' | 'failed';
  readonly servers: readonly AppServerLine[];
}

/** The last thread reply: what became of every server, with the requester mentioned. */
export interface AppServerRebootSummary {
  readonly type: 'appserver-reboot.summary';
  readonly subject: AppServerRebootSubject;
  readonly back: readonly string[];
  readonly failed: readonly AppServerLine[];
  readonly timedOut: readonly AppServerLine[];
  readonly notRebooted: readonly NotRebooted[];
  /** The time limit per reboot, for "did not come back in N minutes". */
  readonly limitMs: number;
  readonly durationMs: number;
}

export type AppServerNotification = AppServerRebootRoot | AppServerRebootChanged | AppServerRebootSummary;
