import type { JsonData, ProviderName } from './records.js';

/** The acting pipeline's own rows: the journal of acting calls, server locks, after-reviews. */

// ── The acting journal ────────────────────────────────────────────────────────────────────────

/**
 * 'calling': written before the request is sent; 'answered': the provider took it (a job id, or a
 * synchronous result); 'refused': the provider provably did not act; 'unknown': no readable answer
 * came back, or the process died before recording one.
 */
export type ActingCallState = 'calling' | 'answered' | 'refused' | 'unknown';

/** One acting request sent (or about to be sent) to a provider. */
export interface ActingCall {
  readonly id: string;
  readonly operationId: string;
  readonly provider: ProviderName;
  readonly action: string;
  readonly target: string;
  /** What was asked for, as the pipeline describes it (never a secret). */
  readonly request: JsonData;
  readonly requester: string;
  /** Who set it off: the requester for a Confirm, the last approver for an approved request. */
  readonly executor: string;
  readonly correlationId: string | null;
  readonly state: ActingCallState;
  readonly calledAt: number;
  readonly answeredAt: number | null;
  /** The job id, the error code and request id, or what was lost. */
  readonly result: JsonData;
}

export interface NewActingCall {
  readonly id?: string;
  readonly operationId: string;
  readonly provider: ProviderName;
  readonly action: string;
  readonly target: string;
  readonly request: JsonData;
  readonly requester: string;
  readonly executor: string;
  readonly correlationId?: string | null;
  /** Defaults to the clock's now. */
  readonly calledAt?: number;
}

// ── Server locks ──────────────────────────────────────────────────────────────────────────────

/** 'acting': one operation at a time; 'request': one open destructive request at a time. */
export type LockSlot = 'acting' | 'request';

/** Who holds a server: `operation:<id>` or `approval:<id>`, with what and since when. */
export interface ServerLock {
  readonly serverKey: string;
  readonly slot: LockSlot;
  readonly holder: string;
  readonly action: string;
  readonly actor: string;
  readonly acquiredAt: number;
}

// ── After-reviews (break-glass) ───────────────────────────────────────────────────────────────

/** A break-glass use, waiting for an approver to acknowledge it (reviewedBy null until then). */
export interface AfterReview {
  readonly id: string;
  readonly actor: string;
  /** The action name ('restart', 'restore', …) and what it was done to. */
  readonly action: string;
  readonly target: string;
  readonly targetName: string;
  readonly reason: string;
  /** What break-glass let through (the skipped freeze or approval), and the request. */
  readonly detail: JsonData;
  readonly channel: string;
  readonly messageTs: string | null;
  readonly operationId: string | null;
  readonly approvalId: string | null;
  readonly createdAt: number;
  readonly reviewedBy: string | null;
  readonly reviewedAt: number | null;
  readonly reviewNote: string | null;
}

export interface NewAfterReview {
  readonly id?: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly targetName: string;
  readonly reason: string;
  readonly detail: JsonData;
  readonly channel: string;
  readonly operationId?: string | null;
  readonly approvalId?: string | null;
  /** Defaults to the clock's now. */
  readonly createdAt?: number;
}
