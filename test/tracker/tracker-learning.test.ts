import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { logNormalFit } from '../../src/tracker/end-belief.js';
import { firstPollAt } from '../../src/tracker/poll-schedule.js';
import {
  closeAll,
  openTestStore,
  startOperation,
  startSim,
  tempDbFile,
  trackerFor,
  waitFor,
} from './harness.js';

afterEach(closeAll);

const jobPolls = /^\/api\/jobs\//;
const noJitter = () => 0.5;

describe('a tracker that learns how long actions take', () => {
  it('plans the first poll from the recent durations of the action, and does not poll before it', async () => {
    const clock = new ManualClock(Date.now());
    const sim = await startSim({ job: { queuedMs: 60_000, runningMs: 1_000 } });
    const store = await openTestStore(tempDbFile(), clock);
    const durations = [18, 20, 22, 24, 25, 26, 28, 30, 33].map((s) => s * 1000);
    for (const ms of durations) await store.recordDuration('hostup', 'restart', ms);
    const { tracker, client } = trackerFor(sim, store, { clock, schedule: {}, random: noJitter });
    const op = await startOperation(store, client, { vpsId: 'vps_web01', vpsName: 'web-01' });

    expect(await tracker.pollOnce()).toBe(1);
    const planned = await store.getOperation(op.id);
    const expected = firstPollAt({ elapsedMs: 0, prior: logNormalFit(durations), random: noJitter });
    expect(planned!.nextPollAt - op.startedAt).toBe(expected);
    expect(expected).toBeGreaterThan(10_000);
    expect(planned).toMatchObject({ attempts: 0, leaseOwner: null });
    expect(sim.count('GET', jobPolls)).toBe(0);

    clock.advance(expected - 1);
    expect(await tracker.pollOnce()).toBe(0);
    clock.advance(1);
    expect(await tracker.pollOnce()).toBe(1);
    expect(sim.count('GET', jobPolls)).toBe(1);
  });

  it('records how long the job took by its own clock, not how long the bot watched it', async () => {
    const sim = await startSim({ job: { queuedMs: 200, runningMs: 300, progressSteps: 1 } });
    const store = await openTestStore(tempDbFile());
    const { tracker, client } = trackerFor(sim, store);
    const op = await startOperation(store, client, {
      vpsId: 'vps_web01',
      vpsName: 'web-01',
      now: Date.now() - 1000,
    });
    tracker.start();
    const done = await waitFor(async () => {
      const current = await store.getOperation(op.id);
      return current?.state === 'done' ? current : undefined;
    });
    const job = sim.getJob(op.jobId!)!;
    const ownMs = Date.parse(job.finishedAt!) - Date.parse(job.startedAt ?? job.createdAt);
    expect(await store.recentDurations('hostup', 'restart')).toEqual([ownMs]);
    expect(ownMs).toBeLessThan(done.terminalAt! - done.startedAt);
    expect(done.jobStartedAt).toBe(Date.parse(job.startedAt ?? job.createdAt));
    expect(done.jobFinishedAt).toBe(Date.parse(job.finishedAt!));
  });

  it('polls as fast as HostUp’s limit allows, not a fixed few at a time', async () => {
    // Each poll takes 600 ms; HostUp allows 80 requests per 2 s. Eight in flight would manage 13/s.
    const sim = await startSim({ count: 120, job: { queuedMs: 600_000, runningMs: 1_000 } });
    sim.inject({ kind: 'latency', ms: 600, match: { path: '/api/jobs/' }, times: Number.POSITIVE_INFINITY });
    const store = await openTestStore(tempDbFile());
    const { tracker, client } = trackerFor(sim, store, {
      schedule: { minMs: 60_000, maxMs: 60_000, firstMs: 60_000 },
    });
    const vpses = (await client.listVps()).filter((v) => v.powerState === 'running').slice(0, 100);
    for (const v of vpses) {
      await startOperation(store, client, { vpsId: v.id, vpsName: v.name, now: Date.now() - 120_000 });
    }
    sim.setRateLimit({ limit: 80, windowMs: 2_000 });
    const from = sim.requests.length;
    const started = Date.now();
    tracker.start();
    // Every operation read once (a good answer: attempts counted, no failure since).
    await waitFor(async () => {
      const ops = await store.listActiveOperations();
      return ops.every((op) => op.attempts >= 1 && op.consecutiveFailures === 0) || undefined;
    }, 15_000);
    const seconds = (Date.now() - started) / 1000;
    // 100 polls at 40/s less the 10 % reserve: about 2.8 s, plus the first answers' 600 ms before
    // the limit is known; eight in flight at 600 ms each would need 7.5 s.
    expect(seconds).toBeLessThan(5.5);
    const answered = sim.requests.slice(from).filter((r) => jobPolls.test(r.path) && r.routeStatus === 200);
    expect(answered.length).toBe(vpses.length);
  }, 30_000);
});
