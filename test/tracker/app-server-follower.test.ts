import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import type { AppServerRebootSubject } from '../../src/domain/app-server-notifications.js';
import { HuaweiWorkspaceClient } from '../../src/providers/huawei/index.js';
import { createHuaweiSimulator, type HuaweiSimulator } from '../../src/simulator/huawei/index.js';
import type { Store, TrackedOperation } from '../../src/store/store.js';
import { AppServerRebootFollower } from '../../src/tracker/app-server-follower.js';
import { initialRebootMeta } from '../../src/tracker/app-server-meta.js';
import { RateBudget } from '../../src/tracker/rate-budget.js';
import {
  closeAll,
  drainOutbox,
  fastSchedule,
  openTestStore,
  payloadOf,
  startOperation,
  startSim,
  tempDbFile,
  trackerFor,
  waitFor,
} from './harness.js';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await closeAll();
  await Promise.all(opened.splice(0).map((o) => o.close()));
});

async function startHuawei(rebootMs = 120): Promise<{ sim: HuaweiSimulator; client: HuaweiWorkspaceClient }> {
  const sim = createHuaweiSimulator({ reboot: { rebootMs } });
  await sim.listen(0, '127.0.0.1');
  const client = new HuaweiWorkspaceClient({
    workspaceUrl: sim.url,
    iamUrl: sim.url,
    projectId: sim.projectId,
    auth: { kind: 'iam', user: sim.user.name, password: sim.user.password, domain: sim.user.domain },
  });
  opened.push(client, sim);
  return { sim, client };
}

function huaweiFollower(client: HuaweiWorkspaceClient, rebootLimitMs?: number) {
  return new AppServerRebootFollower({
    api: client,
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    budget: new RateBudget({ clock: systemClock }),
    schedule: fastSchedule,
    backoff: { baseMs: 20, capMs: 60 },
    ...(rebootLimitMs ? { rebootLimitMs } : {}),
  });
}

/** Reboots `names` on the simulator and tracks them as AppServerActions does. */
async function startReboot(
  store: Store,
  client: HuaweiWorkspaceClient,
  sim: HuaweiSimulator,
  names: string[],
) {
  const servers = names.map((n) => ({ id: sim.findServerByName(n)!.id, name: n }));
  const result = await client.batchReboot(
    servers.map((s) => s.id),
    'SOFT',
  );
  expect(result.acceptedIds).toHaveLength(servers.length);
  const id = randomUUID();
  const subject: AppServerRebootSubject = {
    operationId: id,
    requester: 'U0ANA',
    type: 'SOFT',
    serverNames: names,
  };
  return store.createOperation({
    id,
    provider: 'huawei',
    targetId: servers.map((s) => s.id).join(','),
    targetName: `${names.length} app servers`,
    action: 'reboot',
    requester: 'U0ANA',
    correlationId: `corr-${id}`,
    channel: 'C0OPS',
    status: 'rebooting',
    nextPollAt: Date.now() + 20,
    meta: initialRebootMeta({ subject, servers, notRebooted: [] }),
  });
}

const ended = (store: Store, op: TrackedOperation) =>
  waitFor(async () => {
    const now = await store.getOperation(op.id);
    return now && now.state !== 'active' ? now : undefined;
  });

describe('OperationTracker following app-server reboots through their follower', () => {
  it('follows a HostUp job and a Huawei reboot side by side, each with its own follower', async () => {
    const store = await openTestStore(tempDbFile());
    const hostupSim = await startSim();
    const { sim, client } = await startHuawei();
    const { tracker, client: hostup } = trackerFor(hostupSim, store, {
      followers: { huawei: huaweiFollower(client) },
    });
    const job = await startOperation(store, hostup, { vpsId: 'vps_web01', vpsName: 'web-01' });
    const reboot = await startReboot(store, client, sim, ['app-01', 'app-02']);
    tracker.start();

    expect(await ended(store, job)).toMatchObject({ state: 'done' });
    expect(await ended(store, reboot)).toMatchObject({ state: 'done', status: '2/2 back' });
    const payloads = (await drainOutbox(store)).map(payloadOf);
    expect(payloads.filter((p) => p.type === 'operation.finished')).toHaveLength(1);
    const summaries = payloads.filter((p) => p.type === 'appserver-reboot.summary');
    expect(summaries).toEqual([expect.objectContaining({ back: ['app-01', 'app-02'], failed: [] })]);
    expect(await store.typicalDuration('huawei', 'reboot')).toBeGreaterThan(0);
  });

  it('a read that fails is tried again, and the reboot is still followed to its end', async () => {
    const store = await openTestStore(tempDbFile());
    const { sim, client } = await startHuawei();
    const id = sim.findServerByName('app-02')!.id;
    sim.inject({
      kind: 'status',
      status: 503,
      match: { method: 'GET', path: `/app-servers/${id}` },
      times: 3,
    });
    const { tracker } = trackerFor(await startSim(), store, {
      followers: { huawei: huaweiFollower(client) },
    });
    const reboot = await startReboot(store, client, sim, ['app-02']);
    tracker.start();
    expect(await ended(store, reboot)).toMatchObject({ state: 'done', status: '1/1 back' });
    const summary = (await drainOutbox(store))
      .map(payloadOf)
      .find((p) => p.type === 'appserver-reboot.summary');
    expect(summary).toMatchObject({ back: ['app-02'] });
    expect(sim.count('GET', new RegExp(`/app-servers/${id}$`))).toBeGreaterThanOrEqual(4);
  });

  it('a server that no longer exists is reported as failed rather than followed until the limit', async () => {
    const store = await openTestStore(tempDbFile());
    const { sim, client } = await startHuawei(60_000);
    const { tracker } = trackerFor(await startSim(), store, {
      followers: { huawei: huaweiFollower(client) },
    });
    const reboot = await startReboot(store, client, sim, ['app-01', 'app-02']);
    sim.seed(sim.servers.filter((s) => s.name !== 'app-02').map((s) => ({ ...s })));
    // app-01 comes back at once (the re-seeded copy no longer has a reboot timer).
    Object.assign(sim.findServerByName('app-01')!, { vmStatus: 'ACTIVE', taskStatus: null });
    tracker.start();
    expect(await ended(store, reboot)).toMatchObject({ state: 'failed', lastError: 'app_servers_failed' });
    const summary = (await drainOutbox(store))
      .map(payloadOf)
      .find((p) => p.type === 'appserver-reboot.summary');
    expect(summary).toMatchObject({
      back: ['app-01'],
      failed: [{ name: 'app-02', note: expect.stringMatching(/no longer knows/) }],
    });
  });

  it('a tracker without a Huawei follower leaves Huawei operations for one that has it', async () => {
    const file = tempDbFile();
    const [storeA, storeB] = [await openTestStore(file), await openTestStore(file)];
    const { sim, client } = await startHuawei();
    const hostupOnly = trackerFor(await startSim(), storeA, { schedule: { ...fastSchedule, maxMs: 10 } });
    const reboot = await startReboot(storeA, client, sim, ['app-01']);
    await waitFor(async () => (await hostupOnly.tracker.pollOnce()) === 1);
    expect(await storeA.getOperation(reboot.id)).toMatchObject({ state: 'active', attempts: 1 });
    const both = trackerFor(await startSim(), storeB, { followers: { huawei: huaweiFollower(client) } });
    both.tracker.start();
    expect(await ended(storeB, reboot)).toMatchObject({ state: 'done' });
  });
});
