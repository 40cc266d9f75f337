import { afterEach, describe, expect, it } from 'vitest';
import type {
  OperationFinished,
  OperationProgress,
  OperationRootRefresh,
} from '../../src/domain/notifications.js';
import {
  captureLogger,
  closeAll,
  drainOutbox,
  liveDrain,
  openTestStore,
  payloadOf,
  startOperation,
  startSim,
  tempDbFile,
  trackerFor,
  trackJob,
  waitFor,
} from './harness.js';

afterEach(closeAll);

async function ended(store: Awaited<ReturnType<typeof openTestStore>>, id: string) {
  return waitFor(async () => {
    const op = await store.getOperation(id);
    return op && op.state !== 'active' ? op : undefined;
  });
}

describe('OperationTracker following HostUp jobs on the simulator', () => {
  it('reports a restart queued → in_progress → completed with one reply per status change and root edits, in order', async () => {
    // 300 ms running (not 200) leaves a busy machine room to see in_progress at least once.
    const sim = await startSim({ job: { queuedMs: 30, runningMs: 300, progressSteps: 1 } });
    const store = await openTestStore(tempDbFile());
    const { tracker, client } = trackerFor(sim, store);
    const op = await startOperation(store, client, { vpsId: 'vps_web01', vpsName: 'web-01' });
    const sender = liveDrain(store);
    tracker.start();

    const done = await ended(store, op.id);
    expect(done).toMatchObject({ state: 'done', status: 'completed', leaseOwner: null });
    expect(done.terminalAt).not.toBeNull();

    const sent = (await sender.stop()).filter((m) => m.operationId === op.id);
    // The thread in order; the root's edits in order (they go apart from the thread).
    const thread = sent.filter((m) => m.kind === 'post');
    const edits = sent.filter((m) => m.kind === 'update');
    expect(thread.map((m) => [m.anchor, payloadOf(m).type])).toEqual([
      ['root', 'operation.started'],
      ['follow', 'operation.progress'],
      ['follow', 'operation.finished'],
    ]);
    expect(edits.map((m) => (payloadOf(m) as OperationRootRefresh).status)).toEqual([
      'in_progress',
      'completed',
    ]);
    expect((payloadOf(thread[1]!) as OperationProgress).status).toBe('in_progress');
    expect(thread[1]!.dedupeKey).toBe(`${op.id}:status:in_progress`);
    const finished = payloadOf(thread[2]!) as OperationFinished;
    expect(finished).toMatchObject({ outcome: 'completed', error: null, offerForceRestart: null });
    expect(finished.durationMs).toBeGreaterThan(0);
    expect(finished.durationMs).toBeLessThanOrEqual(done.terminalAt! - done.startedAt);
    // Follow-ups hang on the root message once it was sent (drainOutbox gave it this ts).
    expect(thread[1]!.threadTs).toBe('1700000000.000000');
    expect(edits[0]!.targetTs).toBe('1700000000.000000');
    expect(await store.typicalDuration('hostup', 'restart')).toBe(finished.durationMs);
    // Only the one acting POST the test made: the tracker only reads.
    expect(sim.count('POST', /\/actions\//)).toBe(1);
    expect(sim.count('GET', /^\/api\/jobs\//)).toBeGreaterThanOrEqual(2);
  });

  it('ends a failed graceful restart with the error, the request id and an offer to force it', async () => {
    const sim = await startSim();
    sim.failNextJob({ action: 'restart', code: 'guest_unresponsive', detail: 'The guest did not shut down' });
    const store = await openTestStore(tempDbFile());
    const { tracker, client } = trackerFor(sim, store);
    const op = await startOperation(store, client, { vpsId: 'vps_web01', vpsName: 'web-01' });
    tracker.start();

    expect(await ended(store, op.id)).toMatchObject({
      state: 'failed',
      status: 'failed',
      lastError: 'guest_unresponsive',
    });
    const sent = (await drainOutbox(store)).filter((m) => m.operationId === op.id);
    const finished = sent.map(payloadOf).find((p) => p.type === 'operation.finished') as OperationFinished;
    expect(finished.outcome).toBe('failed');
    expect(finished.error).toMatchObject({
      code: 'guest_unresponsive',
      detail: 'The guest did not shut down',
    });
    expect(finished.error?.requestId).toMatch(/^req_/);
    expect(finished.offerForceRestart).toEqual({ vpsId: 'vps_web01' });
    // The root ends showing it: by an edit, or posted late with the newest content folded in.
    const finalRoot = [...sent].reverse().find((m) => m.kind === 'update' || m.anchor === 'root')!;
    expect(payloadOf(finalRoot)).toMatchObject({ type: 'operation.root-refresh', status: 'failed' });
    expect(await store.typicalDuration('hostup', 'restart')).toBeNull();
  });

  it('does not offer a forced restart when the forced one failed too (v2 envelope)', async () => {
    const sim = await startSim({ envelope: 'v2' });
    sim.failNextJob({ action: 'restart' });
    const store = await openTestStore(tempDbFile());
    const { tracker, client } = trackerFor(sim, store);
    const op = await startOperation(store, client, { vpsId: 'vps_web02', vpsName: 'web-02', force: true });
    tracker.start();

    await ended(store, op.id);
    const finished = (await drainOutbox(store))
      .map(payloadOf)
      .find((p) => p.type === 'operation.finished') as OperationFinished;
    expect(finished).toMatchObject({ outcome: 'failed', offerForceRestart: null });
    expect(finished.error?.code).toBe('upstream_failed');
  });

  it('keeps an operation through 500s and dropped connections, backing off, and still sees it end', async () => {
    const sim = await startSim();
    const store = await openTestStore(tempDbFile());
    const { tracker, client } = trackerFor(sim, store);
    // Started a second ago: its first look is due now (not planned for later).
    const op = await startOperation(store, client, {
      vpsId: 'vps_web01',
      vpsName: 'web-01',
      now: Date.now() - 1000,
    });
    sim.inject({ kind: 'status', status: 500, match: { path: '/api/jobs/' }, times: 2 });
    sim.inject({ kind: 'drop', when: 'before', match: { path: '/api/jobs/' }, times: 2 });

    expect(await tracker.pollOnce()).toBe(1);
    const afterFirst = await store.getOperation(op.id);
    expect(afterFirst).toMatchObject({ state: 'active', consecutiveFailures: 1, attempts: 1 });
    expect(afterFirst?.lastError).toMatch(/^internal_error/);
    expect(afterFirst!.nextPollAt).toBeGreaterThan(afterFirst!.updatedAt);

    tracker.start();
    const done = await ended(store, op.id);
    expect(done).toMatchObject({ state: 'done', status: 'completed' });
    // Four failed polls were recorded (the final, successful one ends the operation).
    expect(done.attempts).toBeGreaterThanOrEqual(4);
    expect(sim.count('GET', /^\/api\/jobs\//)).toBeGreaterThanOrEqual(5);
    const finished = (await drainOutbox(store)).filter((m) => payloadOf(m).type === 'operation.finished');
    expect(finished).toHaveLength(1);
  });

  it('ends as failed, saying so plainly, when HostUp answers 404 for the pollUrl', async () => {
    const sim = await startSim();
    const store = await openTestStore(tempDbFile());
    const { tracker } = trackerFor(sim, store);
    const op = await trackJob(store, {
      vpsId: 'vps_web01',
      vpsName: 'web-01',
      action: 'restart',
      jobId: 'job_vanished',
      pollUrl: '/api/jobs/job_vanished',
      now: Date.now() - 1000,
    });

    expect(await tracker.pollOnce()).toBe(1);
    expect(await store.getOperation(op.id)).toMatchObject({ state: 'failed', lastError: 'job_not_found' });
    const finished = (await drainOutbox(store))
      .map(payloadOf)
      .find((p) => p.type === 'operation.finished') as OperationFinished;
    expect(finished.outcome).toBe('failed');
    expect(finished.error?.code).toBe('job_not_found');
    expect(finished.error?.detail).toContain('HostUp no longer knows job job_vanished');
    expect(finished.offerForceRestart).toBeNull();
  });

  it('keeps following through an unknown status, logging it once and telling the thread nothing', async () => {
    const sim = await startSim({ job: { queuedMs: 30, runningMs: 600, progressSteps: 1 } });
    const store = await openTestStore(tempDbFile());
    const { logger, lines } = captureLogger();
    const { tracker, client } = trackerFor(sim, store, { logger });
    const op = await startOperation(store, client, { vpsId: 'vps_web01', vpsName: 'web-01' });
    const odd = JSON.stringify({ operation: { status: 'paused_for_maintenance', jobId: op.jobId } });
    sim.inject({ kind: 'malformed', status: 200, body: odd, match: { path: '/api/jobs/' }, times: 4 });
    const sender = liveDrain(store);
    tracker.start();

    expect(await ended(store, op.id)).toMatchObject({ state: 'done', status: 'completed' });
    const unknownLogs = lines.filter((l) => String(l.msg).includes('does not know'));
    expect(unknownLogs).toHaveLength(1);
    expect(unknownLogs[0]).toMatchObject({ rawStatus: 'paused_for_maintenance', operationId: op.id });
    const statuses = (await sender.stop())
      .map(payloadOf)
      .filter((p): p is OperationProgress => p.type === 'operation.progress')
      .map((p) => p.status);
    expect(statuses).toEqual(['in_progress']);
  });
});
