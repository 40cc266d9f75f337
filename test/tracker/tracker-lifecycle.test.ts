import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { OperationGaveUp } from '../../src/domain/notifications.js';
import type { VpsApi } from '../../src/domain/vps-api.js';
import {
  clientFor,
  closeAll,
  drainOutbox,
  openTestStore,
  payloadOf,
  settle,
  startOperation,
  startSim,
  tempDbFile,
  trackerFor,
  waitFor,
} from './harness.js';

afterEach(closeAll);

const jobPolls = /^\/api\/jobs\//;

describe('OperationTracker under rate limits, limits of time and several instances', () => {
  it('pauses the polling of every operation while a 429’s Retry-After runs', async () => {
    const clock = new ManualClock(Date.now());
    const sim = await startSim({ job: { queuedMs: 60_000, runningMs: 1_000 } });
    const store = await openTestStore(tempDbFile(), clock);
    const { tracker, client } = trackerFor(sim, store, { clock, client: { retry: { max429Retries: 0 } } });
    // Started a second ago: their first looks are due now.
    const a = await startOperation(store, client, {
      vpsId: 'vps_web01',
      vpsName: 'web-01',
      now: clock.now() - 1000,
    });
    const b = await startOperation(store, client, {
      vpsId: 'vps_web02',
      vpsName: 'web-02',
      now: clock.now() - 1000,
    });
    sim.inject({ kind: 'rateLimit', retryAfterSec: 2, match: { path: '/api/jobs/' }, times: 1 });

    expect(await tracker.pollOnce()).toBe(2);
    const [opA, opB] = [await store.getOperation(a.id), await store.getOperation(b.id)];
    const limited = [opA, opB].find((op) => op?.consecutiveFailures === 1)!;
    const other = [opA, opB].find((op) => op?.consecutiveFailures === 0)!;
    expect(limited.lastError).toMatch(/^rate_limited/);
    expect(limited.nextPollAt - clock.now()).toBeGreaterThanOrEqual(2_000);
    const polled = sim.count('GET', jobPolls);

    // The other operation falls due, but the budget holds its poll until Retry-After has passed.
    clock.advance(other.nextPollAt - clock.now());
    let finished = false;
    const next = tracker.pollOnce().then((n) => {
      finished = true;
      return n;
    });
    for (let i = 0; i < 5; i++) await settle();
    clock.advance(1_850 - (clock.now() - limited.updatedAt));
    for (let i = 0; i < 5; i++) await settle();
    expect(finished).toBe(false);
    expect(sim.count('GET', jobPolls)).toBe(polled);

    clock.advance(1_000);
    expect(await next).toBe(1);
    expect(sim.count('GET', jobPolls)).toBe(polled + 1);
  });

  it('gives up an operation past the follow limit without polling it, telling the thread how to check later', async () => {
    const clock = new ManualClock(Date.now());
    const sim = await startSim({ job: { queuedMs: 600_000, runningMs: 1_000 } });
    const store = await openTestStore(tempDbFile(), clock);
    const { tracker, client } = trackerFor(sim, store, { clock, followLimitMs: 60_000 });
    const op = await startOperation(store, client, { vpsId: 'vps_web01', vpsName: 'web-01' });
    expect(await tracker.pollOnce()).toBe(1);
    const polled = sim.count('GET', jobPolls);

    clock.advance(60_000);
    expect(await tracker.pollOnce()).toBe(1);
    expect(sim.count('GET', jobPolls)).toBe(polled);
    expect(await store.getOperation(op.id)).toMatchObject({
      state: 'gave_up',
      status: 'queued',
      lastError: 'follow_limit_reached',
    });
    const sent = await drainOutbox(store, clock.now());
    const gaveUp = sent.map(payloadOf).find((p) => p.type === 'operation.gave-up') as OperationGaveUp;
    expect(gaveUp).toMatchObject({ lastStatus: 'queued', followedForMs: 60_000 });
    // The root shows it too (here folded into the root, which had not gone out yet).
    const finalRoot = [...sent].reverse().find((m) => m.kind === 'update' || m.anchor === 'root')!;
    expect(payloadOf(finalRoot)).toMatchObject({ type: 'operation.root-refresh' });
    expect(JSON.stringify(payloadOf(finalRoot))).toContain('No longer followed');
    expect(sent.map(payloadOf).some((p) => p.type === 'operation.finished')).toBe(false);
  });

  it('shares the operations of one store between two instances: never the same one at once, each finished exactly once', async () => {
    const file = tempDbFile();
    const [storeA, storeB] = [await openTestStore(file), await openTestStore(file)];
    const sim = await startSim({ count: 8, job: { queuedMs: 30, runningMs: 200, progressSteps: 2 } });
    sim.inject({ kind: 'latency', ms: 15, match: { path: '/api/jobs/' }, times: Number.POSITIVE_INFINITY });
    const client = clientFor(sim);
    const inFlight = new Set<string>();
    let overlaps = 0;
    const polls = { A: 0, B: 0 };
    const guarded = (name: 'A' | 'B'): Pick<VpsApi, 'pollJob'> => ({
      async pollJob(url) {
        if (inFlight.has(url)) overlaps++;
        inFlight.add(url);
        polls[name]++;
        try {
          return await client.pollJob(url);
        } finally {
          inFlight.delete(url);
        }
      },
    });
    const a = trackerFor(sim, storeA, { api: guarded('A'), concurrency: 2 });
    const b = trackerFor(sim, storeB, { api: guarded('B'), concurrency: 2 });
    const vpses = (await client.listVps()).filter((v) => v.powerState === 'running');
    const ops = await Promise.all(
      vpses.map((v) => startOperation(storeA, client, { vpsId: v.id, vpsName: v.name })),
    );
    a.tracker.start();
    b.tracker.start();

    await waitFor(async () => (await storeA.listActiveOperations()).length === 0, 15_000);
    expect(overlaps).toBe(0);
    expect(polls.A).toBeGreaterThan(0);
    expect(polls.B).toBeGreaterThan(0);
    const finished = (await drainOutbox(storeA)).filter((m) => payloadOf(m).type === 'operation.finished');
    expect(finished.map((m) => m.operationId).sort()).toEqual(ops.map((op) => op.id).sort());
  });

  it('releases its leases on stop() so another instance takes over at once', async () => {
    const file = tempDbFile();
    const [storeA, storeB] = [await openTestStore(file), await openTestStore(file)];
    const sim = await startSim({ job: { queuedMs: 60_000, runningMs: 1_000 } });
    const a = trackerFor(sim, storeA, { leaseMs: 600_000 });
    const b = trackerFor(sim, storeB);
    const op = await startOperation(storeA, a.client, {
      vpsId: 'vps_web01',
      vpsName: 'web-01',
      now: Date.now() - 1000,
    });
    // A claims the operation but its budget is paused: the poll waits, lease held. (Its running
    // loop would not claim while paused; one pass claims regardless.)
    a.budget.observe({ limit: null, remaining: null, resetAt: null, retryAfterMs: 60_000 });
    const waiting = a.tracker.pollOnce();
    await waitFor(async () => (await storeA.getOperation(op.id))?.leaseOwner !== null);
    expect(await b.tracker.pollOnce()).toBe(0);

    const stopping = Date.now();
    await a.tracker.stop();
    await waiting;
    expect(Date.now() - stopping).toBeLessThan(2_000);
    expect((await storeB.getOperation(op.id))?.leaseOwner).toBeNull();
    expect(await b.tracker.pollOnce()).toBe(1);
    expect(await storeB.getOperation(op.id)).toMatchObject({ attempts: 1, leaseOwner: null });
  });
});
