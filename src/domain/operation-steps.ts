import type { ActionRequest, AppServerRebootRequest } from './action-request.js';
import type { ErrorInfo } from './refusals.js';

/**
 * An operation that takes more than one acting call, as plain data kept with the operation: a
 * safety snapshot before a restore, or a canary-first reboot (one app server, then the rest in
 * chunks). Each step is one acting call, journaled and followed like any other; the next one is
 * called only once the one before has ended, and what happens between two steps is decided here.
 */

/** 'safety': the snapshot before a restore; 'main': the restore; 'canary'/'batch': reboot chunks. */
export type StepRole = 'safety' | 'main' | 'canary' | 'batch';

export interface OperationStep {
  readonly role: StepRole;
  readonly request: ActionRequest;
}

/** How a step that was called ended. */
export interface StepResult {
  readonly index: number;
  readonly outcome: 'done' | 'failed';
  readonly error: ErrorInfo | null;
  readonly durationMs: number | null;
}

export interface OperationSteps {
  readonly steps: readonly OperationStep[];
  /** The step being called or followed now. */
  readonly at: number;
  /** When the current step's call was made (its own time limit and duration count from there). */
  readonly stepStartedAt: number | null;
  /** What the policy said about a failed safety point ('required' stops the restore). */
  readonly safetyPoint: 'required' | 'when_possible' | null;
  readonly results: readonly StepResult[];
  /** While waiting for a person to choose: until when the choice stays open. */
  readonly pausedUntil: number | null;
  /** Who chose, after a failed chunk, to go on with the rest or to stop there. */
  readonly decision: {
    readonly by: string;
    readonly choice: 'continue' | 'stop';
    readonly at: number;
  } | null;
}

/** What comes after a step ended. */
export type NextMove =
  /** Call `steps[index]` now. */
  | { readonly kind: 'call'; readonly index: number }
  /** A chunk failed: the thread asks whether to go on with the rest or stop here. */
  | { readonly kind: 'pause' }
  /** The safety point is required and could not be made: the restore is not called. */
  | { readonly kind: 'stop' }
  /** That was the last step: the operation ends as that step did. */
  | { readonly kind: 'end' };

export function newSteps(
  steps: readonly OperationStep[],
  safetyPoint: OperationSteps['safetyPoint'],
): OperationSteps {
  return { steps, at: 0, stepStartedAt: null, safetyPoint, results: [], pausedUntil: null, decision: null };
}

export const isLastStep = (s: OperationSteps): boolean => s.at >= s.steps.length - 1;

export const currentStep = (s: OperationSteps): OperationStep =>
  s.steps[s.at] ?? s.steps[s.steps.length - 1]!;

/** After the current step ended with `outcome`. */
export function afterStep(s: OperationSteps, outcome: 'done' | 'failed'): NextMove {
  if (isLastStep(s)) return { kind: 'end' };
  const role = currentStep(s).role;
  if (outcome === 'done') return { kind: 'call', index: s.at + 1 };
  if (role === 'safety')
    return s.safetyPoint === 'required' ? { kind: 'stop' } : { kind: 'call', index: s.at + 1 };
  return { kind: 'pause' };
}

/** The steps with the current one's result recorded and `move` applied. */
export function recordStep(
  s: OperationSteps,
  result: Omit<StepResult, 'index'>,
  move: NextMove,
  pause: { readonly until: number } | null = null,
): OperationSteps {
  const results = [...s.results.filter((r) => r.index !== s.at), { ...result, index: s.at }];
  return {
    ...s,
    results,
    at: move.kind === 'call' ? move.index : s.at,
    pausedUntil: move.kind === 'pause' ? (pause?.until ?? null) : null,
    decision: null,
  };
}

/** The safety snapshot that was taken before the restore, for Undo; null when none was. */
export function safetyTaken(s: OperationSteps | null): { vpsId: string; name: string } | null {
  if (!s) return null;
  const index = s.steps.findIndex((step) => step.role === 'safety');
  const step = s.steps[index];
  if (step?.request.kind !== 'snapshot') return null;
  const done = s.results.some((r) => r.index === index && r.outcome === 'done');
  return done ? { vpsId: step.request.vpsId, name: step.request.name } : null;
}

/** Huawei takes at most 20 servers per batch-reboot request. */
export const huaweiChunkSize = 20;

/**
 * A canary-first reboot: the first server alone, then the rest in chunks of at most 20, each
 * called only once the one before is back.
 */
export function canarySteps(request: AppServerRebootRequest): OperationStep[] {
  const [first, ...rest] = request.servers;
  if (!first) return [];
  const steps: OperationStep[] = [{ role: 'canary', request: { ...request, servers: [first] } }];
  for (let i = 0; i < rest.length; i += huaweiChunkSize) {
    steps.push({ role: 'batch', request: { ...request, servers: rest.slice(i, i + huaweiChunkSize) } });
  }
  return steps;
}

/** The servers of the steps not called yet (what "Continue with the other N" would reboot). */
export function remainingServers(s: OperationSteps): AppServerRebootRequest['servers'] {
  return s.steps
    .slice(s.at + 1)
    .flatMap((step) => (step.request.kind === 'appserver-reboot' ? step.request.servers : []));
}

/**
 * The steps stored in an operation's `meta.steps`, or null for an operation of one call (every
 * operation before this existed, too). Written by the bot; read back defensively.
 */
export function stepsOf(meta: unknown): OperationSteps | null {
  const raw = (meta as { steps?: Partial<OperationSteps> } | null)?.steps;
  if (!raw || !Array.isArray(raw.steps) || raw.steps.length === 0 || typeof raw.at !== 'number') return null;
  return {
    steps: raw.steps,
    at: raw.at,
    stepStartedAt: typeof raw.stepStartedAt === 'number' ? raw.stepStartedAt : null,
    safetyPoint: raw.safetyPoint ?? null,
    results: Array.isArray(raw.results) ? raw.results : [],
    pausedUntil: typeof raw.pausedUntil === 'number' ? raw.pausedUntil : null,
    decision: raw.decision ?? null,
  };
}
