import { describe, expect, it } from 'vitest';
import type { OperationGaveUp, OperationRootRefresh } from '../../src/domain/notifications.js';
import type { JobState } from '../../src/domain/operation.js';
import type { TrackedOperation } from '../../src/store/store.js';
import { planGiveUp } from '../../src/tracker/finish-plans.js';
import { planPollFailure } from '../../src/tracker/poll-outage.js';
import { readTrackerState, withTrackerState } from '../../src/tracker/tracker-meta.js';
import {
  type ContinuePlan,
  defaultThreadPolicy,
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

describe('the job’s own clock and a poll outage', () => {
  it('takes the duration from the job’s own timestamps, not from when the bot noticed', () => {
    const reading = {
      ...job('completed', 100),
      createdAt: t0 + 500,
      startedAt: t0 + 2_000,
      finishedAt: t0 + 32_000,
    };
    const plan = planReading({ op: operation(), job: reading, now: t0 + 45_000 });
    expect(plan).toMatchObject({
      kind: 'finish',
      durationMs: 30_000,
      jobStartedAt: t0 + 2_000,
      jobFinishedAt: t0 + 32_000,
    });
    const noClock = planReading({ op: operation(), job: job('completed', 100), now: t0 + 45_000 });
    expect(noClock).toMatchObject({ kind: 'finish', durationMs: 45_000, jobStartedAt: null });
  });

  it('tells the thread once, after three failed polls spanning 30 s, and says since when on the root', () => {
    let op = operation({
      status: 'in_progress',
      progress: 40,
      meta: withTrackerState(operation(), { ...readState(), lastReadAt: t0 + 5_000 }),
    });
    const fail = (failures: number, now: number) => {
      const plan = planPollFailure({
        op: { ...op, consecutiveFailures: failures - 1 },
        now,
        lastError: 'http_503',
      });
      op = { ...op, consecutiveFailures: failures, meta: withTrackerState(op, plan.state) };
      return plan.messages;
    };
    expect(fail(1, t0 + 6_000)).toEqual([]);
    expect(fail(2, t0 + 8_000)).toEqual([]);
    // Three failures, but only 7 s without an answer: a glitch, not news.
    expect(fail(3, t0 + 12_000)).toEqual([]);
    const told = fail(4, t0 + 36_000);
    expect(told.map((m) => [m.kind, (m.payload as { type: string }).type])).toEqual([
      ['post', 'operation.poll-outage'],
      ['update', 'operation.root-refresh'],
    ]);
    expect(told[0]!.payload).toMatchObject({ since: t0 + 5_000, lastError: 'http_503' });
    expect(told[1]!.payload).toMatchObject({
      status: 'in_progress',
      progress: 40,
      phase: 'poll_outage',
      since: t0 + 5_000,
    });
    expect(fail(5, t0 + 70_000)).toEqual([]);

    // HostUp answers again, still running: the root shows the real status once more.
    const back = continuePlan(op, job('in_progress', 60), t0 + 80_000);
    const edit = back.messages.find((m) => m.kind === 'update')!;
    expect(edit.payload).toMatchObject({
      type: 'operation.root-refresh',
      status: 'in_progress',
      progress: 60,
    });
    expect((edit.payload as OperationRootRefresh).phase).toBeUndefined();
    expect(back.state).toMatchObject({ failingSince: null, outageToldSince: null });
  });
});

function readState() {
  return readTrackerState(operation());
}
