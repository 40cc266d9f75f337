import type { AppServerNotification } from './app-server-notifications.js';
import type { ApprovalMessage, ApprovalNote, OperationApproval } from './approval-notifications.js';
import type { JobStatus } from './operation.js';

export type { ApprovalMessage, ApprovalNote, OperationApproval } from './approval-notifications.js';

/**
 * What the bot owes a channel, as plain data. The tracker and the services enqueue these in the
 * store's outbox; the chat adapter renders each into a message when it sends it. Each carries
 * everything its message shows, as it was when it was enqueued, so sending needs no other lookup.
 */
export type Notification =
  | OperationStarted
  | OperationProgress
  | OperationRootRefresh
  | OperationFinished
  | OperationGaveUp
  | HostnameChanged
  | ApprovalMessage
  | ApprovalNote
  | AppServerNotification;

/** Who did what to which target, shared by every operation notification. */
export interface OperationSubject {
  readonly operationId: string;
  readonly provider: 'hostup' | 'huawei';
  readonly requester: string;
  /** The catalogue action ('restart', 'reset', 'restore', 'reboot', …). */
  readonly action: string;
  /** "restarted", "reset", "restored": for "@ana restarted web-01". */
  readonly verbPast: string;
  readonly targetName: string;
  readonly jobId: string | null;
  readonly force?: boolean;
  /** Set when the operation ran after a two-person approval: its message keeps saying who approved. */
  readonly approval?: OperationApproval;
}

/** The visible root message of an operation's thread. */
export interface OperationStarted {
  readonly type: 'operation.started';
  readonly subject: OperationSubject;
  readonly status: JobStatus;
}

/** A status change (one thread reply per change, throttled for progress). */
export interface OperationProgress {
  readonly type: 'operation.progress';
  readonly subject: OperationSubject;
  readonly status: JobStatus;
  readonly progress: number | null;
  readonly message: string | null;
}

/** An edit of the root message so the channel shows the current status at a glance. */
export interface OperationRootRefresh {
  readonly type: 'operation.root-refresh';
  readonly subject: OperationSubject;
  readonly status: JobStatus;
  readonly progress: number | null;
  readonly note: string | null;
}

export interface OperationFinished {
  readonly type: 'operation.finished';
  readonly subject: OperationSubject;
  readonly outcome: 'completed' | 'failed';
  readonly durationMs: number;
  readonly error: {
    readonly code: string | null;
    readonly detail: string | null;
    readonly requestId: string | null;
  } | null;
  /** A failed graceful restart offers the documented escalation. */
  readonly offerForceRestart: { readonly vpsId: string } | null;
}

/** The bot stopped following: the job may still finish; say how to check. */
export interface OperationGaveUp {
  readonly type: 'operation.gave-up';
  readonly subject: OperationSubject;
  readonly lastStatus: string | null;
  readonly followedForMs: number;
  readonly reason: string;
}

export interface HostnameChanged {
  readonly type: 'hostname.changed';
  readonly requester: string;
  readonly vpsName: string;
  readonly hostname: string;
  readonly reloadRecommended: boolean;
  readonly reverseDns: {
    readonly status: string;
    readonly restoredIps: readonly string[];
    readonly failedIps: readonly string[];
    readonly detail: string | null;
  } | null;
}
