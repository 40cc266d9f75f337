import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Logger, pino } from 'pino';
import { type Clock, systemClock } from '../../src/clock.js';
import type { PowerAction } from '../../src/domain/actions.js';
import type { Notification, OperationSubject } from '../../src/domain/notifications.js';
import { HostUpClient, type HostUpClientOptions } from '../../src/providers/hostup/index.js';
import {
  createHostUpSimulator,
  type HostUpSimulator,
  type HostUpSimulatorOptions,
} from '../../src/simulator/hostup/index.js';
import { openStore } from '../../src/store/open-store.js';
import type { OutboxMessage, Store, TrackedOperation } from '../../src/store/store.js';
import type { PollScheduleOptions } from '../../src/tracker/poll-schedule.js';
import { RateBudget } from '../../src/tracker/rate-budget.js';
import { OperationTracker, type OperationTrackerOptions } from '../../src/tracker/tracker.js';

/** Polls every 20–50 ms, so a 230 ms simulated job is followed through each of its states. */
export const fastSchedule: Partial<PollScheduleOptions> = { firstMs: 20, minMs: 20, maxMs: 50, nearMs: 20 };

const cleanups: (() => Promise<void> | void)[] = [];

/** Closes everything the harness opened, newest first (call in afterEach). */
export async function closeAll(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

export function tempDbFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vps-tracker-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'bot.db');
}

export async function openTestStore(file: string, clock: Clock = systemClock): Promise<Store> {
  const store = await openStore(file, { clock });
  cleanups.push(() => store.close());
  return store;
}

/** The HostUp simulator with tiny job timings (30 ms queued, 200 ms running, one progress step). */
export async function startSim(options: HostUpSimulatorOptions = {}): Promise<HostUpSimulator> {
  const sim = createHostUpSimulator({ job: { queuedMs: 30, runningMs: 200, progressSteps: 1 }, ...options });
  cleanups.push(() => sim.close());
  await sim.listen(0, '127.0.0.1');
  return sim;
}

export function clientFor(sim: HostUpSimulator, overrides: Partial<HostUpClientOptions> = {}): HostUpClient {
  const client = new HostUpClient({
    baseUrl: sim.url,
    token: sim.token,
    timeouts: { connectMs: 2_000, headersMs: 3_000, bodyMs: 3_000 },
    ...overrides,
  });
  cleanups.push(() => client.close());
  return client;
}

/** A real pino logger whose lines are kept (parsed) for assertions. */
export function captureLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

export interface TrackerKit {
  readonly tracker: OperationTracker;
  readonly budget: RateBudget;
  readonly client: HostUpClient;
}

/** A tracker on `store` polling `sim` through a real client whose rate limits feed the budget. */
export function trackerFor(
  sim: HostUpSimulator,
  store: Store,
  options: Partial<OperationTrackerOptions> & { client?: Partial<HostUpClientOptions> } = {},
): TrackerKit {
  const { client: clientOptions, ...trackerOptions } = options;
  const clock = options.clock ?? systemClock;
  const budget = options.budget ?? new RateBudget({ clock });
  const client = clientFor(sim, { clock, onRateLimit: (info) => budget.observe(info), ...clientOptions });
  const tracker = new OperationTracker({
    store,
    api: client,
    clock,
    logger: options.logger ?? pino({ level: 'silent' }),
    owner: `test:${randomUUID()}`,
    budget,
    schedule: fastSchedule,
    backoff: { baseMs: 20, capMs: 100 },
    idleMs: 10,
    ...trackerOptions,
  });
  cleanups.push(() => tracker.stop());
  return { tracker, budget, client };
}

/**
 * Starts a real job on the simulator and tracks it as the services do (`VpsActions#follow`): the
 * subject in `meta.subject` and the root 'operation.started' message enqueued with anchor 'root'.
 */
export async function startOperation(
  store: Store,
  client: HostUpClient,
  args: {
    vpsId: string;
    vpsName: string;
    action?: PowerAction;
    force?: boolean;
    channel?: string;
    now?: number;
  },
): Promise<TrackedOperation> {
  const action = args.action ?? 'restart';
  const queued = await client.powerAction(args.vpsId, action, args.force ? { force: true } : undefined);
  return trackJob(store, { ...args, action, jobId: queued.jobId, pollUrl: queued.pollUrl });
}

export async function trackJob(
  store: Store,
  args: {
    vpsId: string;
    vpsName: string;
    action: PowerAction;
    jobId: string;
    pollUrl: string;
    force?: boolean;
    channel?: string;
    now?: number;
  },
): Promise<TrackedOperation> {
  const id = randomUUID();
  const channel = args.channel ?? 'C0OPS';
  const subject: OperationSubject = {
    operationId: id,
    provider: 'hostup',
    requester: 'U0ANA',
    action: args.action,
    targetName: args.vpsName,
    jobId: args.jobId,
    force: args.force ?? false,
  };
  const started: Notification = { type: 'operation.started', subject, status: 'queued' };
  return store.createOperation(
    {
      id,
      provider: 'hostup',
      targetId: args.vpsId,
      targetName: args.vpsName,
      action: args.action,
      requester: 'U0ANA',
      correlationId: `corr-${id}`,
      jobId: args.jobId,
      pollUrl: args.pollUrl,
      channel,
      status: 'queued',
      ...(args.now === undefined ? {} : { startedAt: args.now }),
      meta: { subject },
    },
    { messages: [{ kind: 'post', channel, anchor: 'root', payload: started, dedupeKey: `${id}:root` }] },
  );
}

/**
 * Hands out every pending outbox message as a sender would (marking each sent with a made-up
 * ts), until none is left, and returns them in the order they were handed out.
 */
export async function drainOutbox(store: Store, now = Date.now()): Promise<OutboxMessage[]> {
  const owner = `drain:${randomUUID()}`;
  const sent: OutboxMessage[] = [];
  for (;;) {
    const due = await store.claimDueMessages({ owner, now, leaseMs: 60_000, limit: 100 });
    if (due.length === 0) return sent;
    for (const message of due) {
      await store.markMessageSent(message.id, owner, {
        ts: `1700000000.${String(sent.length).padStart(6, '0')}`,
        now,
      });
      sent.push(message);
    }
  }
}

/**
 * A sender that keeps up: hands out and marks sent whatever is due every few ms, as the outbox
 * worker does, so messages go out as they are enqueued (and nothing is coalesced that a live
 * sender would have sent already). `stop()` resolves with everything sent, in order.
 */
export function liveDrain(store: Store, everyMs = 5): { stop(): Promise<OutboxMessage[]> } {
  const sent: OutboxMessage[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      sent.push(...(await drainOutbox(store)));
      await systemClock.sleep(everyMs);
    }
  })();
  cleanups.push(async () => {
    running = false;
    await loop;
  });
  return {
    async stop() {
      running = false;
      await loop;
      sent.push(...(await drainOutbox(store)));
      return sent;
    },
  };
}

export function payloadOf(message: OutboxMessage): Notification {
  return message.payload as Notification;
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await systemClock.sleep(10);
  }
}

/** Lets pending promise callbacks and I/O run (for ManualClock tests). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}
