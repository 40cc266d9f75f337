import type { StepRole } from './operation-steps.js';
import type { ErrorInfo, Refusal } from './refusals.js';
import type { PowerState } from './vps.js';

/**
 * What the thread hears between the steps of an operation of several steps (a safety snapshot
 * then the restore; a canary reboot then the rest), and about a server's state after an action.
 * Plain data; slack/blocks/step-notifications.ts words it.
 */

/** Who and what, for every step message (works for HostUp and Huawei operations alike). */
export interface StepSubject {
  readonly operationId: string;
  readonly provider: 'hostup' | 'huawei';
  readonly requester: string;
  /** The VPS, or "N app servers". */
  readonly targetName: string;
}

/** A step ended and the operation goes on, waits for a person, or stops. */
export interface OperationStepEnded {
  readonly type: 'operation.step-ended';
  readonly subject: StepSubject;
  readonly role: StepRole;
  readonly outcome: 'done' | 'failed';
  /** 'call': the next step starts now; 'pause': a person chooses (buttons); 'stop': nothing more is called. */
  readonly next: 'call' | 'pause' | 'stop';
  /** The safety snapshot's name (role 'safety'). */
  readonly snapshotName?: string;
  /** The servers of this step (app-server chunks). */
  readonly servers?: readonly string[];
  /** How many servers the steps after this one would reboot. */
  readonly remaining?: number;
  readonly error?: ErrorInfo | null;
  /** The live checks refused the next step before it was called. */
  readonly refusal?: Refusal;
  readonly safetyPoint?: 'required' | 'when_possible' | null;
  readonly durationMs?: number | null;
  /** With next 'pause': until when the choice is open. */
  readonly pausedUntil?: number | null;
}

/** A paused operation ended without its other steps: someone chose "Stop here", or nobody chose in time. */
export interface OperationStepsStopped {
  readonly type: 'operation.steps-stopped';
  readonly subject: StepSubject;
  /** Who chose to stop; null when the time to choose ran out. */
  readonly by: string | null;
  /** The servers never called. */
  readonly notCalled: readonly string[];
}

/** A person chose to go on after a failed step. */
export interface OperationStepsContinued {
  readonly type: 'operation.steps-continued';
  readonly subject: StepSubject;
  readonly by: string;
  readonly servers: readonly string[];
}

/** No safety point before this restore, and why (said in the thread as the restore starts). */
export interface OperationSafetySkipped {
  readonly type: 'operation.safety-skipped';
  readonly subject: StepSubject;
  readonly reason: string | null;
}

/**
 * The server as it reads right after its operation completed: the bot says whether it is really
 * back ("running, up 14 s") or flags it ("completed, but web-01 reports stopped").
 */
export type AfterCheck =
  | {
      readonly kind: 'read';
      readonly powerState: PowerState;
      readonly uptimeSeconds: number | null;
      /** What a completed start, restart, reset or restore should leave it in. */
      readonly expected: PowerState;
    }
  | { readonly kind: 'unreadable'; readonly error: ErrorInfo };

export type StepNotification =
  | OperationStepEnded
  | OperationStepsStopped
  | OperationStepsContinued
  | OperationSafetySkipped;
