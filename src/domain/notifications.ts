import type { ActionRequest } from './action-request.js';
import type { AppServerNotification } from './app-server-notifications.js';
import type {
  ApprovalMessage,
  ApprovalNote,
  OperationApproval,
  PrivateNote,
} from './approval-notifications.js';
import type { Observation } from './observation.js';
import type { JobStatus } from './operation.js';
import type { ErrorInfo } from './refusals.js';
import type { ReviewMessage } from './review-notifications.js';
import type { AfterCheck, StepNotification } from './step-notifications.js';
import type { ConfirmationExpired, HomeRefresh } from './surface-notifications.js';

export type {
  ApprovalMessage,
  ApprovalNote,
  OperationApproval,
  PrivateNote,
} from './approval-notifications.js';
export type { ConfirmationExpired, HomeRefresh } from './surface-notifications.js';

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
  | OperationRefused
  | OperationOutcomeUnknown
  | OperationPollOutage
  | HostnameChanged
  | ReviewMessage
  | ApprovalMessage
  | ApprovalNote
  | PrivateNote
  | AppServerNotification
  | StepNotification
  | ConfirmationExpired
  | HomeRefresh;

/** Who did what to which target, shared by every operation notification. */
export interface OperationSubject {
  readonly operationId: string;
  readonly provider: 'hostup' | 'huawei';
  readonly requester: string;
  /** The catalogue action ('restart', 'reset', 'restore', 'reboot', …). */
  readonly action: string;
  /** What was asked for, when the operation came through the acting pipeline. */
  readonly request?: ActionRequest;
  /** Words stored by release 0.1; today's renderer derives them from `action`. */
  readonly verbPast?: string;
  readonly targetName: string;
  readonly jobId: string | null;
  readonly force?: boolean;
  /** Set when the operation ran after a two-person approval: its message keeps saying who approved. */
  readonly approval?: OperationApproval;
  /**
   * Set while an operation of several steps is on a step other than its main one (the safety
   * snapshot before a restore): `action` is then that step's, `request` stays the whole one.
   */
  readonly step?: { readonly role: 'safety'; readonly snapshotName: string };
}

/** The visible root message of an operation's thread. */
export interface OperationStarted {
  readonly type: 'operation.started';
  readonly subject: OperationSubject;
  readonly status: JobStatus;
  /** Posted before the acting call: the provider has not answered yet. */
  readonly phase?: 'calling';
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
  /** How the root reads besides the job status: refused, outcome unknown, being checked, an outage. */
  readonly phase?: 'refused' | 'unknown' | 'reconciling' | 'poll_outage';
  /** Since when the provider has not answered about the job (with phase 'poll_outage'). */
  readonly since?: number;
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
  /** The server's live state read once it completed (start, restart, reset, restores). */
  readonly afterCheck?: AfterCheck;
  /** A restore that took a safety point offers to go back to it (the button carries the operation id). */
  readonly undo?: { readonly snapshotName: string };
}

/** The bot stopped following: the job may still finish; say how to check. */
export interface OperationGaveUp {
  readonly type: 'operation.gave-up';
  readonly subject: OperationSubject;
  readonly lastStatus: string | null;
  readonly followedForMs: number;
  readonly reason: string;
}

/** The provider provably did not act (it refused the request, or it never left): the final reply. */
export interface OperationRefused {
  readonly type: 'operation.refused';
  readonly subject: OperationSubject;
  readonly error: ErrorInfo;
}

/**
 * The final reply when the acting call's answer was lost (a crash, a timeout, a 5xx, an unreadable
 * body): what the bot asked for and when, what the server shows now, and that nothing was repeated.
 */
export interface OperationOutcomeUnknown {
  readonly type: 'operation.outcome-unknown';
  readonly subject: OperationSubject;
  readonly calledAt: number;
  /** Why the answer is missing: the error the call ended with, or null when the bot stopped mid-call. */
  readonly error: ErrorInfo | null;
  readonly observation: Observation | null;
  /** The live state could not be read either. */
  readonly observeError: ErrorInfo | null;
  /** Still shows work under way when the bot stopped looking. */
  readonly stillBusy: boolean;
}

/** The provider stopped answering about a job the bot follows (told once per outage). */
export interface OperationPollOutage {
  readonly type: 'operation.poll-outage';
  readonly subject: OperationSubject;
  readonly since: number;
  readonly lastError: string | null;
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
