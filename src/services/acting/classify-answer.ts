import type { NotRebooted } from '../../domain/app-server-notifications.js';
import type { ErrorInfo } from '../../domain/refusals.js';
import type { HostnameResult } from '../../domain/vps.js';
import { actingCallOutcome, errorInfo } from '../../errors.js';
import type { CallResult } from './call-keeping-lease.js';
import type { CallAnswer } from './executor.js';

/** What came back from an acting call, in the terms the pipeline records it in. */
export type Answer =
  | { readonly kind: 'queued'; readonly job: Extract<CallAnswer, { kind: 'job' }> }
  | { readonly kind: 'done'; readonly result: HostnameResult }
  | {
      readonly kind: 'rebooting';
      readonly accepted: readonly string[];
      readonly notRebooted: readonly NotRebooted[];
    }
  /** The provider provably did not act. */
  | { readonly kind: 'refused'; readonly error: ErrorInfo }
  /** No usable answer: it may or may not have acted; the thread will say what the server shows. */
  | { readonly kind: 'unknown'; readonly error: ErrorInfo | null };

/** What the click that set the action off is told about its answer. */
export type AnswerSummary =
  | { readonly kind: 'queued'; readonly jobId: string }
  | { readonly kind: 'done' }
  | { readonly kind: 'rebooting'; readonly accepted: number; readonly notRebooted: readonly NotRebooted[] }
  | { readonly kind: 'refused'; readonly error: ErrorInfo }
  | { readonly kind: 'unknown'; readonly error: ErrorInfo | null };

/**
 * An error that came back instead of an answer is "refused" only when the provider provably did
 * not act (errors.actingCallOutcome); everything else is "unknown". A batch reboot that Huawei
 * took for no server is refused or unknown the same way, from its chunks.
 */
export function classifyAnswer(answer: CallResult<CallAnswer>): Answer {
  if (!answer.ok) {
    const error = errorInfo(answer.error);
    return actingCallOutcome(answer.error) === 'not_acted'
      ? { kind: 'refused', error }
      : { kind: 'unknown', error };
  }
  const value = answer.value;
  switch (value.kind) {
    case 'job':
      return { kind: 'queued', job: value };
    case 'hostname':
      return { kind: 'done', result: value.result };
    case 'reboot': {
      if (value.noneAccepted === null)
        return { kind: 'rebooting', accepted: value.accepted, notRebooted: value.notRebooted };
      const error: ErrorInfo = {
        kind: 'app',
        code: 'huawei_refused',
        provider: 'huawei',
        status: null,
        detail: value.notRebooted.find((r) => r.error)?.error ?? null,
        requestId: null,
      };
      return value.noneAccepted === 'not_acted' ? { kind: 'refused', error } : { kind: 'unknown', error };
    }
  }
}

export function summaryOf(answer: Answer): AnswerSummary {
  switch (answer.kind) {
    case 'queued':
      return { kind: 'queued', jobId: answer.job.jobId };
    case 'done':
      return { kind: 'done' };
    case 'rebooting':
      return { kind: 'rebooting', accepted: answer.accepted.length, notRebooted: answer.notRebooted };
    default:
      return answer;
  }
}
