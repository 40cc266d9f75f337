import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { GroupMembers } from '../domain/group-members.js';
import type { VpsApi } from '../domain/vps-api.js';
import type { PolicyService } from '../services/acting/policy-service.js';
import { VpsFinder } from '../services/find-vps.js';
import type { Store } from '../store/store.js';
import { OutboxWorker, type OutboxWorkerOptions } from '../tracker/outbox-worker.js';
import { homePublisher } from './home/home-publisher.js';
import { HomeRefresher } from './home/home-refresh.js';
import { createSlackSender } from './outbox-sender.js';
import { surfaceSender } from './surface-sender.js';
import { TimeZones } from './time-zones.js';

/** What the listeners get from here (see BotContext). */
export interface SurfaceContext {
  readonly finder: VpsFinder;
  readonly zones: TimeZones;
  readonly homes: HomeRefresher;
}

/**
 * The outbox and the person-facing parts of the Slack adapter it delivers to, wired once by the
 * composition root: finding a VPS by what people call it, each person's time zone, their App
 * Home (who opened it, its refreshes), and the outbox's sender for every surface (messages, App
 * Home refreshes, expired confirmations). A home refresh wakes the outbox at once.
 */
export function createDelivery(
  deps: {
    client: webApi.WebClient;
    hostup: VpsApi;
    store: Store;
    policy: PolicyService;
    clock: Clock;
    logger: Logger;
  },
  outboxOptions: Pick<OutboxWorkerOptions, 'owner' | 'leaseMs' | 'budget' | 'onRateLimited'> & {
    idleMs?: number | undefined;
  },
): { outbox: OutboxWorker; context: SurfaceContext } {
  const { client, store, policy, clock } = deps;
  const logger = deps.logger.child({ component: 'outbox' });
  const zones = new TimeZones({
    lookup: async (user) => (await client.users.info({ user })).user?.tz ?? null,
    clock,
  });
  const groups = new GroupMembers(
    async (usergroup) => (await client.usergroups.users.list({ usergroup })).users ?? [],
    clock,
    60_000,
  );
  const homes = new HomeRefresher({ store, clock, groups, poke: () => outbox.poke() });
  const outbox = new OutboxWorker({
    store,
    send: surfaceSender({
      messages: createSlackSender(client),
      publishHome: homePublisher(client, { store, policy, zones, clock }),
      afterSend: (notification) => homes.afterSend(notification),
      logger,
    }),
    clock,
    logger,
    owner: outboxOptions.owner,
    leaseMs: outboxOptions.leaseMs,
    ...(outboxOptions.budget ? { budget: outboxOptions.budget } : {}),
    ...(outboxOptions.onRateLimited ? { onRateLimited: outboxOptions.onRateLimited } : {}),
    ...(outboxOptions.idleMs ? { idleMs: outboxOptions.idleMs } : {}),
  });
  return { outbox, context: { finder: new VpsFinder({ api: deps.hostup, clock }), zones, homes } };
}
