import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { SlackApiError } from './slack-api-error.js';
import type { Json, StoredView } from './types.js';

interface Trigger {
  issuedAt: number;
  used: boolean;
  user?: string;
  viewId?: string;
}

/** Slack keeps at most three views on a modal stack. */
const maxStackDepth = 3;

/**
 * Trigger ids and modal views. A trigger works once, within `ttlMs` of being issued (Slack: 3 s):
 * an unknown one is `invalid_trigger_id`; a used or old one is `expired_trigger_id`.
 */
export class ViewStore {
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #triggers = new Map<string, Trigger>();
  readonly #views = new Map<string, StoredView>();
  /** Each person's App Home: one view per user, republished in place. */
  readonly #homes = new Map<string, string>();
  #counter = 0;

  constructor(clock: Clock, ttlMs: number) {
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  issueTrigger(input: { user?: string; viewId?: string } = {}): string {
    this.#counter += 1;
    const id = `${Math.floor(this.#clock.now() / 1000)}.${this.#counter}.${randomBytes(10).toString('hex')}`;
    this.#triggers.set(id, { issuedAt: this.#clock.now(), used: false, ...input });
    return id;
  }

  /** Checks a trigger without using it up (so a refused view does not burn it). */
  checkTrigger(triggerId: unknown): Trigger {
    if (typeof triggerId !== 'string' || triggerId === '') throw new SlackApiError('invalid_trigger_id');
    const trigger = this.#triggers.get(triggerId);
    if (trigger === undefined) throw new SlackApiError('invalid_trigger_id');
    if (trigger.used || this.#clock.now() - trigger.issuedAt > this.#ttlMs) {
      throw new SlackApiError('expired_trigger_id');
    }
    return trigger;
  }

  open(trigger: Trigger, view: Json, previousViewId?: string): StoredView {
    let rootViewId: string | undefined;
    if (previousViewId !== undefined) {
      const previous = this.#views.get(previousViewId);
      if (previous === undefined) throw new SlackApiError('not_found');
      if (this.#depth(previous) >= maxStackDepth) throw new SlackApiError('push_limit_reached');
      rootViewId = previous.rootViewId;
    }
    trigger.used = true;
    const id = `V${String(this.#views.size + 1).padStart(8, '0')}${randomBytes(2).toString('hex').toUpperCase()}`;
    const stored: StoredView = {
      id,
      view,
      hash: this.#hash(),
      rootViewId: rootViewId ?? id,
      history: [],
      ...(trigger.user === undefined ? {} : { user: trigger.user }),
      ...(previousViewId === undefined ? {} : { previousViewId }),
    };
    this.#views.set(id, stored);
    return stored;
  }

  update(input: { viewId?: unknown; externalId?: unknown; hash?: unknown }, view: Json): StoredView {
    const stored = this.find(input);
    if (typeof input.hash === 'string' && input.hash !== stored.hash)
      throw new SlackApiError('hash_conflict');
    stored.history.push(stored.view);
    stored.view = view;
    stored.hash = this.#hash();
    return stored;
  }

  /**
   * views.publish: the person's Home tab becomes `view`. Their home keeps its id across
   * publishes; a `hash` that is not the current one is refused (`hash_conflict`), as in Slack.
   */
  publish(user: string, view: Json, hash?: unknown): StoredView {
    const id = this.#homes.get(user);
    const stored = id === undefined ? undefined : this.#views.get(id);
    if (stored !== undefined) {
      if (typeof hash === 'string' && hash !== stored.hash) throw new SlackApiError('hash_conflict');
      stored.history.push(stored.view);
      stored.view = view;
      stored.hash = this.#hash();
      return stored;
    }
    const created: StoredView = {
      id: `VH${String(this.#homes.size + 1).padStart(7, '0')}${randomBytes(2).toString('hex').toUpperCase()}`,
      user,
      view,
      hash: this.#hash(),
      rootViewId: '',
      history: [],
    };
    created.rootViewId = created.id;
    this.#views.set(created.id, created);
    this.#homes.set(user, created.id);
    return created;
  }

  home(user: string): StoredView | undefined {
    const id = this.#homes.get(user);
    return id === undefined ? undefined : this.#views.get(id);
  }

  find({ viewId, externalId }: { viewId?: unknown; externalId?: unknown }): StoredView {
    if (typeof viewId === 'string') {
      const stored = this.#views.get(viewId);
      if (stored === undefined) throw new SlackApiError('not_found');
      return stored;
    }
    if (typeof externalId === 'string') {
      const stored = [...this.#views.values()].find((v) => v.view.external_id === externalId);
      if (stored === undefined) throw new SlackApiError('not_found');
      return stored;
    }
    throw new SlackApiError('invalid_arguments', ['[ERROR] either view_id or external_id is required']);
  }

  get(id: string): StoredView | undefined {
    return this.#views.get(id);
  }

  all(): StoredView[] {
    return [...this.#views.values()];
  }

  #depth(view: StoredView): number {
    let depth = 1;
    let current = view;
    while (current.previousViewId !== undefined) {
      const previous = this.#views.get(current.previousViewId);
      if (previous === undefined) break;
      depth += 1;
      current = previous;
    }
    return depth;
  }

  #hash(): string {
    return `${Math.floor(this.#clock.now() / 1000)}.${randomBytes(6).toString('hex')}`;
  }
}

/** The `view` object Slack returns from views.open/update/push. */
export function viewResponse(
  stored: StoredView,
  ids: { teamId: string; appId: string; botId: string },
): Json {
  const v = stored.view;
  return {
    id: stored.id,
    team_id: ids.teamId,
    type: v.type,
    title: v.title,
    submit: v.submit ?? null,
    close: v.close ?? null,
    blocks: v.blocks,
    private_metadata: v.private_metadata ?? '',
    callback_id: v.callback_id ?? '',
    external_id: v.external_id ?? '',
    state: { values: {} },
    hash: stored.hash,
    clear_on_close: v.clear_on_close ?? false,
    notify_on_close: v.notify_on_close ?? false,
    root_view_id: stored.rootViewId,
    previous_view_id: stored.previousViewId ?? null,
    app_id: ids.appId,
    app_installed_team_id: ids.teamId,
    bot_id: ids.botId,
  };
}
