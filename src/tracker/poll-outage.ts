import type { OperationPollOutage } from '../domain/notifications.js';
import type { NewOutboxMessage, TrackedOperation } from '../store/store.js';
import { asJobStatus } from './finish-plans.js';
import { dedupeKeys, progressKey, rootEdit } from './thread-messages.js';
import { readSubject, readTrackerState, type TrackerState } from './tracker-meta.js';

/**
 * When HostUp stops answering about a job the bot follows, the thread hears it once per outage:
 * after `failures` failed polls in a row that also span `silenceMs` without a good answer (a brief
 * glitch — three quick 503s in a few seconds — is not news). The root then says since when; the
 * next good answer puts the real status back (transitions.ts).
 */
export interface OutagePolicy {
  readonly failures: number;
  readonly silenceMs: number;
}

export const defaultOutagePolicy: OutagePolicy = { failures: 3, silenceMs: 30_000 };

/** The tracker state after one more failed poll, and what the thread should hear (maybe nothing). */
export function planPollFailure(args: {
  op: TrackedOperation;
  now: number;
  lastError: string;
  policy?: OutagePolicy;
}): { readonly state: TrackerState; readonly messages: NewOutboxMessage[] } {
  const { op, now } = args;
  const policy = args.policy ?? defaultOutagePolicy;
  const before = readTrackerState(op);
  const failingSince = before.failingSince ?? now;
  // Silent since the last good answer (or since the start, for a job never read).
  const since = before.lastReadAt ?? op.startedAt;
  const state: TrackerState = { ...before, failingSince };
  const failures = op.consecutiveFailures + 1;
  if (before.outageToldSince !== null || failures < policy.failures || now - since < policy.silenceMs) {
    return { state, messages: [] };
  }
  const subject = readSubject(op);
  const payload: OperationPollOutage = {
    type: 'operation.poll-outage',
    subject,
    since,
    lastError: args.lastError,
  };
  return {
    state: { ...state, outageToldSince: since },
    messages: [
      {
        kind: 'post',
        channel: op.channel,
        anchor: 'follow',
        payload,
        dedupeKey: dedupeKeys.outage(op.id, since),
        // News worth more than progress, made moot by the final reply like progress is.
        priority: 'normal',
        coalesceKey: progressKey(op.id),
      },
      rootEdit(op, subject, {
        status: asJobStatus(op.status),
        progress: op.progress,
        note: null,
        dedupeKey: dedupeKeys.rootOutage(op.id, since),
        outageSince: since,
      }),
    ],
  };
}
