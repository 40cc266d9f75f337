import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { GroupMembers } from '../domain/group-members.js';
import type { PolicyService } from '../services/acting/policy-service.js';
import type { Store } from '../store/store.js';
import type { SendMessage } from '../tracker/outbox-worker.js';
import { homePublisher } from './home/home-publisher.js';
import { HomeRefresher } from './home/home-refresh.js';
import { createSlackSender } from './outbox-sender.js';
import { surfaceSender } from './surface-sender.js';
import { TimeZones } from './time-zones.js';

/**
 * The person-facing parts of the Slack adapter the composition root wires once: each person's
 * time zone, their App Home (who opened it, its refreshes), and the outbox's sender for every
 * surface. `poke` wakes the outbox when a home refresh was enqueued.
 */
export function createSurfaces(args: {
  client: webApi.WebClient;
  store: Store;
  policy: PolicyService;
  clock: Clock;
  logger: Logger;
  poke: () => void;
}): { zones: TimeZones; homes: HomeRefresher; send: SendMessage } {
  const { client, store, policy, clock } = args;
  const zones = new TimeZones({
    lookup: async (user) => (await client.users.info({ user })).user?.tz ?? null,
    clock,
  });
  const groups = new GroupMembers(
    async (usergroup) => (await client.usergroups.users.list({ usergroup })).users ?? [],
    clock,
    60_000,
  );
  const homes = new HomeRefresher({ store, clock, groups, poke: args.poke });
  const send = surfaceSender({
    messages: createSlackSender(client),
    publishHome: homePublisher(client, { store, policy, zones, clock }),
    afterSend: (notification) => homes.afterSend(notification),
    logger: args.logger.child({ component: 'outbox' }),
  });
  return { zones, homes, send };
}
