import { describe, expect, it } from 'vitest';
import type { OperationGaveUp, OperationRootRefresh } from '../../src/domain/notifications.js';
import type { JobState } from '../../src/domain/operation.js';
import type { TrackedOperation } from '../../src/store/store.js';
import { withTrackerState } from '../../src/tracker/tracker-meta.js';
import {
  type ContinuePlan,
  defaultThreadPolicy,
  planGiveUp,
  planReading,
  type ThreadPolicy,
} from '../../src/tracker/transitions.js';

const t0 = 1_000_000;

function operation(overrides: Partial<TrackedOperation> = {}): TrackedOperation {
  return {
    id: 'op1',
    provider: 'hostup',
    targetId: 'vps_web01',
    targetName: 'web-01',
    action: 'restart',
    requester: 'U0ANA',
    correlationId: 'c1',
    jobId: 'job_1',
    pollUrl: '/api/jobs/job_1',
    channel: 'C0OPS',
    rootTs: null,
    status: 'queued',
    progress: null,
    progressMessage: null,
    startedAt: t0,
    updatedAt: t0,
    nextPollAt: t0,
    attempts: 0,
    consecutiveFailures: 0,
    lastError: null,
    terminalAt: null,
    state: 'active',
    leaseOwner: 'me',
    leaseExpiresAt: t0 + 60_000,
    expectedDurationMs: null,
    meta: {},
    phase: 'following',
    outcome: null,
    jobStartedAt: null,
    jobFinishedAt: null,
    ...overrides,
  };
}

function job(
  status: JobState['status'],
  progress: number | null = null,
  rawStatus: string = status,
): JobState {
  const terminal = status === 'completed' || status === 'failed';
  return {
    jobId: 'job_1',
    status,
    rawStatus,
    terminal,
    failed: status === 'failed',
    progress,
    message: progress === null ? null : `Rebooting (${progress}%)`,
    result: null,
    error: null,
    requestId: 'req_1',
  };
}

/** Applies a continue plan to the operation, as the store would. */
function apply(op: TrackedOperation, plan: ContinuePlan): TrackedOperation {
  return { ...op, status: plan.status, progress: plan.progress, meta: withTrackerState(op, plan.state) };
}

/** A chattier-than-default floor of 30 s between progress replies, to show the throttle at work. */
const slowReplies: ThreadPolicy = { ...defaultThreadPolicy, progressReplyEveryMs: 30_000 };

function continuePlan(
  op: TrackedOperation,
  reading: JobState,
  now: number,
  policy: ThreadPolicy = defaultThreadPolicy,
): ContinuePlan {
  const plan = planReading({ op, job: reading, now, policy });
  if (plan.kind !== 'continue') throw new Error('expected the operation to continue');
  return plan;
}

const keys = (plan: ContinuePlan) => plan.messages.map((m) => m.dedupeKey);

describe('planReading', () => {
  it('replies once and edits the root when the status changes', () => {
    const plan = continuePlan(operation(), job('in_progress', 0), t0 + 1_000);
    expect(keys(plan)).toEqual(['op1:status:in_progress', 'op1:root:in_progress']);
    expect(plan.messages.map((m) => [m.kind, m.anchor])).toEqual([
      ['post', 'follow'],
      ['update', 'follow'],
    ]);
    expect(plan.status).toBe('in_progress');
  });

  it('says nothing when a poll brings no news', () => {
    expect(keys(continuePlan(operation(), job('queued'), t0 + 1_000))).toEqual([]);
  });

  it('treats pending and queued as the same waiting state', () => {
    expect(keys(continuePlan(operation({ status: 'queued' }), job('pending'), t0 + 1_000))).toEqual([]);
  });

  it('replies at most once per 25-point progress step and not within 30 s, while the root follows every 10 s', () => {
    let op = apply(operation(), continuePlan(operation(), job('in_progress', 0), t0, slowReplies));
    const at = (ms: number, progress: number) => {
      const plan = continuePlan(op, job('in_progress', progress), t0 + ms, slowReplies);
      op = apply(op, plan);
      return keys(plan);
    };
    expect(at(5_000, 30)).toEqual([]); // a new step, but too soon for a reply or a root edit
    expect(at(12_000, 35)).toEqual(['op1:root:in_progress:35']);
    expect(at(18_000, 40)).toEqual([]); // root edited 6 s ago
    expect(at(31_000, 45)).toEqual(['op1:progress:25', 'op1:root:in_progress:45']);
    expect(at(65_000, 49)).toEqual(['op1:root:in_progress:49']); // same step: no reply
    // Two steps at once (25 → 75), 39 s after the last reply: one reply; the root was edited 5 s ago.
    expect(at(70_000, 80)).toEqual(['op1:progress:75']);
    expect(at(95_000, 80)).toEqual(['op1:root:in_progress:80']);
    expect(at(130_000, 90)).toEqual(['op1:root:in_progress:90']); // still step 3: no reply
  });

  it('by default a short job gets a reply for every 25-point step, a second apart at most', () => {
    let op = apply(operation(), continuePlan(operation(), job('in_progress', 0), t0));
    const at = (ms: number, progress: number) => {
      const plan = continuePlan(op, job('in_progress', progress), t0 + ms);
      op = apply(op, plan);
      return keys(plan).filter((k) => k?.includes(':progress:'));
    };
    expect(at(1_500, 33)).toEqual(['op1:progress:25']);
    expect(at(2_000, 55)).toEqual([]); // half a second after the last reply
    expect(at(3_000, 67)).toEqual(['op1:progress:50']);
    expect(at(4_500, 90)).toEqual(['op1:progress:75']);
  });

  it('logs an unknown status once, keeps the last known one and tells the thread nothing', () => {
    const op = operation({ status: 'in_progress', progress: 40 });
    const first = continuePlan(op, job('unknown', null, 'paused_for_maintenance'), t0 + 1_000);
    expect(first).toMatchObject({
      status: 'in_progress',
      progress: 40,
      unknownStatus: 'paused_for_maintenance',
    });
    expect(first.messages).toEqual([]);
    const second = continuePlan(apply(op, first), job('unknown', null, 'paused_for_maintenance'), t0 + 2_000);
    expect(second.unknownStatus).toBeNull();
    expect(second.messages).toEqual([]);
  });

  it('finishes with the finished reply and a final root edit, offering a forced restart after a failed graceful one', () => {
    const failed: JobState = { ...job('failed'), error: { code: 'guest_unresponsive', detail: 'No answer' } };
    const plan = planReading({ op: operation({ meta: {} }), job: failed, now: t0 + 42_000 });
    expect(plan.kind).toBe('finish');
    if (plan.kind !== 'finish') return;
    expect(plan).toMatchObject({ outcome: 'failed', durationMs: 42_000, lastError: 'guest_unresponsive' });
    expect(plan.messages.map((m) => m.dedupeKey)).toEqual(['op1:finished', 'op1:root:final']);
    expect(plan.messages[0]!.payload).toMatchObject({
      type: 'operation.finished',
      error: { code: 'guest_unresponsive', detail: 'No answer', requestId: 'req_1' },
      offerForceRestart: { vpsId: 'vps_web01' },
      subject: { operationId: 'op1', action: 'restart', targetName: 'web-01' },
    });
    expect((plan.messages[1]!.payload as OperationRootRefresh).note).toBe('No answer');
  });
});

describe('planGiveUp', () => {
  it('tells the thread the last status and how long it was followed', () => {
    const op = operation({ status: 'in_progress', progress: 50 });
    const plan = planGiveUp({ op, now: t0 + 7_200_000, followLimitMs: 7_200_000 });
    const gaveUp = plan.messages[0]!.payload as OperationGaveUp;
    expect(gaveUp).toMatchObject({
      type: 'operation.gave-up',
      lastStatus: 'in_progress',
      followedForMs: 7_200_000,
    });
    expect(gaveUp.reason).toContain('2 h');
    expect(plan.messages[1]).toMatchObject({ kind: 'update', anchor: 'follow', dedupeKey: 'op1:root:final' });
  });
});
