import type { Clock } from '../../clock.js';
import type { GroupMembers } from '../../domain/group-members.js';
import type { Notification } from '../../domain/notifications.js';
import type { HomeRefresh } from '../../domain/surface-notifications.js';
import type { Store } from '../../store/store.js';

export interface HomeRefresherOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Members of a Slack user group (cached). */
  readonly groups: GroupMembers;
  readonly poke: () => void;
  /** Changes within one window cost one views.publish per person (default 2 s). */
  readonly windowMs?: number;
}

/**
 * Keeps App Homes current without flooding Slack: when a message about a request or an operation
 * was sent, the homes it changes (the requester's; for a request, its approvers', groups
 * expanded) are scheduled for a refresh through the outbox. Only people who have opened the home
 * are refreshed. Within a window of a few seconds a person gets one refresh, sent at the end of
 * the window and built from the store as it is then, so the latest state is what is published
 * and a burst of changes costs one call (views.publish is Tier 4 per person).
 */
export class HomeRefresher {
  readonly #o: HomeRefresherOptions;

  constructor(options: HomeRefresherOptions) {
    this.#o = options;
  }

  /** After Slack accepted a message: refresh the homes it changes. */
  async afterSend(n: Notification): Promise<void> {
    const users = await this.#affected(n);
    if (users.length > 0) await this.schedule(users);
  }

  /** Refreshes these people's homes at the end of the current window (those who opened it). */
  async schedule(users: readonly string[]): Promise<void> {
    const { store, clock } = this.#o;
    const viewers = await store.homeViewers(users);
    if (viewers.length === 0) return;
    const windowMs = this.#o.windowMs ?? 2000;
    const window = Math.floor(clock.now() / windowMs);
    for (const user of viewers) {
      await store.enqueueMessage({
        kind: 'update',
        channel: user,
        payload: { type: 'home.refresh', user } satisfies HomeRefresh,
        dedupeKey: `home:${user}:${window}`,
        orderKey: `home:${user}`,
        nextAttemptAt: (window + 1) * windowMs,
      });
    }
    this.#o.poke();
  }

  /** The person opened the home: remember them and publish it now. */
  async opened(user: string): Promise<void> {
    const { store, clock } = this.#o;
    await store.recordHomeViewer(user, clock.now());
    await store.enqueueMessage({
      kind: 'update',
      channel: user,
      payload: { type: 'home.refresh', user } satisfies HomeRefresh,
      orderKey: `home:${user}`,
    });
    this.#o.poke();
  }

  async #affected(n: Notification): Promise<string[]> {
    switch (n.type) {
      case 'approval.message': {
        const groups = await Promise.all(
          (n.approvers?.userGroups ?? []).map((g) =>
            this.#o.groups.members(g).then(
              (m) => [...m],
              () => [] as string[],
            ),
          ),
        );
        return [...new Set([n.requester, ...(n.approvers?.users ?? []), ...groups.flat()])];
      }
      case 'operation.started':
      case 'operation.finished':
      case 'operation.refused':
      case 'operation.outcome-unknown':
      case 'operation.gave-up':
        return [n.subject.requester];
      case 'appserver-reboot.root':
        return n.finished ? [n.subject.requester] : [];
      case 'appserver-reboot.summary':
        return [n.subject.requester];
      case 'hostname.changed':
        return [n.requester];
      default:
        return [];
    }
  }
}
