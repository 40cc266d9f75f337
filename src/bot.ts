import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { AccessPolicy, parseSubjects } from './domain/policy.js';
import { InFlight } from './in-flight.js';
import type { Logger } from './logger.js';
import { HostUpClient } from './providers/hostup/index.js';
import { VpsActions } from './services/vps-actions.js';
import { createSlackApp } from './slack/app.js';
import { createSlackSender } from './slack/outbox-sender.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';
import { OutboxWorker } from './tracker/outbox-worker.js';

export interface Bot {
  readonly store: Store;
  /** Resolves when Slack is connected (Socket Mode) or the HTTP endpoint listens. */
  start(): Promise<{ port: number | null }>;
  /** Stops taking work, lets in-flight work finish, hands leases back and closes the store. */
  stop(): Promise<void>;
}

export interface BotOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Lease owner for this process; unique by default. */
  readonly instanceId?: string;
  /** Outbox idle poll, shorter in tests. */
  readonly outboxIdleMs?: number;
}

/**
 * The composition root: config → store → providers → services → Slack app → background workers.
 * `main.ts` runs it; tests build the very same bot against the fakes.
 */
export async function createBot(options: BotOptions): Promise<Bot> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 6)}`;
  const store = await openStore(config.databaseUrl, { clock });
  const hostup = new HostUpClient({
    baseUrl: config.hostup.apiUrl,
    token: config.hostup.apiToken,
    clock,
    logger: logger.child({ component: 'hostup' }),
  });

  const inFlight = new InFlight();
  let outbox: OutboxWorker | null = null;
  const slack = createSlackApp({
    config: config.slack,
    logger,
    ctx: (app) => {
      const operators = parseSubjects(config.access.operators.join(','));
      const approvers = parseSubjects(config.access.approvers.join(','));
      const policy = new AccessPolicy({
        channels: new Set(config.access.allowedChannels),
        operators,
        approvers,
        clock,
        membersOf: async (usergroup) => (await app.client.usergroups.users.list({ usergroup })).users ?? [],
        channelsHint: 'use it in a channel listed in VPS_ALLOWED_CHANNELS',
      });
      const actions = new VpsActions({ api: hostup, store, policy, clock, logger });
      return {
        api: hostup,
        actions,
        policy,
        store,
        clock,
        logger,
        inFlight,
        pokeOutbox: () => outbox?.poke(),
      };
    },
  });
  outbox = new OutboxWorker({
    store,
    send: createSlackSender(slack.app.client),
    clock,
    logger: logger.child({ component: 'outbox' }),
    owner: instanceId,
    ...(options.outboxIdleMs ? { idleMs: options.outboxIdleMs } : {}),
  });

  let stopped = false;
  return {
    store,
    async start() {
      const started = await slack.start();
      outbox.start();
      return started;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // Stop taking new work first, then let what was acked finish before the store closes.
      await slack.stop().catch((error) => logger.warn({ err: error }, 'stopping the Slack app failed'));
      if (!(await inFlight.drain(10_000)))
        logger.warn({ inFlight: inFlight.count }, 'stopped with work in flight');
      await outbox.drainOnce().catch(() => 0);
      await outbox.stop();
      await store.releaseLease(instanceId);
      await hostup.close();
      await store.close();
    },
  };
}
