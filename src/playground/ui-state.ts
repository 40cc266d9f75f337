import { compareTs } from '../simulator/slack/message-store.js';
import type {
  FakeSlack,
  Json,
  StoredEphemeral,
  StoredMessage,
  StoredView,
} from '../simulator/slack/types.js';
import type { UiLogLine } from './log-sink.js';
import { people, playgroundChannel } from './people.js';

/** Lines of the bot's log the page keeps. */
const logLines = 200;

/** One line of the channel or of a thread, as the page draws it. */
export interface UiMessage {
  kind: 'message' | 'ephemeral' | 'echo';
  ts: string;
  user: string;
  text: string;
  blocks: unknown[];
  edited: boolean;
  threadTs?: string;
  /** For a thread parent: how many replies it has. */
  replyCount?: number;
  /** A thread reply also sent to the channel. */
  broadcast?: boolean;
  /** Files shared with the message (the audit export). */
  files?: { name: string; title: string }[];
}

/** Everything one person sees, pushed to their page on every change. */
export interface UiSnapshot {
  me: string;
  people: { id: string; name: string; role: string }[];
  bot: { id: string; name: string };
  channel: { id: string; name: string };
  /** Channel-level lines, oldest first: messages, my ephemerals, my typed commands. */
  timeline: UiMessage[];
  /** Parent ts → its replies (with my ephemerals in that thread), oldest first. */
  threads: Record<string, UiMessage[]>;
  /** The modal on top of my stack, if one is open. */
  modal: { id: string; hash: string; view: Json; errors: Record<string, string> } | null;
  /** My App Home as the bot last published it (views.publish), if it has. */
  home: { id: string; view: Json } | null;
  /** The bot's direct messages to me (answers to App Home clicks, the audit export), oldest first. */
  dms: UiMessage[];
  /** The newest lines of the bot's log, oldest first. */
  log: UiLogLine[];
  /** What the HostUp panel has put in force, or null. */
  fault: string | null;
}

/**
 * What the playground adds to the fake Slack's state: the commands each person typed (Slack keeps
 * no record of a slash command, but a person trying the bot wants to see what they ran), which
 * modals were closed (Slack's client closes them; the fake only stores views), and the
 * per-field errors a view submission was answered with.
 */
export class PlaygroundState {
  readonly #fake: FakeSlack;
  readonly #echoes: UiMessage[] = [];
  readonly #closedViews = new Set<string>();
  readonly #viewErrors = new Map<string, Record<string, string>>();
  readonly #listeners = new Set<() => void>();
  readonly #log: UiLogLine[] = [];
  #fault: string | null = null;

  constructor(fake: FakeSlack) {
    this.#fake = fake;
  }

  /** Calls `listener` after a change here or in the fake Slack; returns an unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    const unsubscribeFake = this.#fake.onChange(listener);
    return () => {
      this.#listeners.delete(listener);
      unsubscribeFake();
    };
  }

  echo(user: string, text: string): void {
    this.#echoes.push({ kind: 'echo', ts: nowTs(), user, text, blocks: [], edited: false });
    this.#changed();
  }

  /** A line of the bot's log (kept for the page, the oldest dropped past 200). */
  addLog(line: UiLogLine): void {
    this.#log.push(line);
    if (this.#log.length > logLines) this.#log.splice(0, this.#log.length - logLines);
    this.#changed();
  }

  setFault(note: string | null): void {
    this.#fault = note;
    this.#changed();
  }

  closeView(viewId: string): void {
    this.#closedViews.add(viewId);
    this.#viewErrors.delete(viewId);
    this.#changed();
  }

  /** Closes a view and every view under it on its stack (`response_action: 'clear'`). */
  closeStack(viewId: string): void {
    const root = this.#fake.view(viewId)?.rootViewId;
    for (const view of this.#fake.views()) if (view.rootViewId === root) this.#closedViews.add(view.id);
    this.closeView(viewId);
  }

  setViewErrors(viewId: string, errors: Record<string, string>): void {
    this.#viewErrors.set(viewId, errors);
    this.#changed();
  }

  /** The newest modal open for `user` (a Home tab is not a modal). */
  openView(user: string): StoredView | undefined {
    return this.#fake
      .views()
      .filter((v) => v.user === user && v.view.type !== 'home' && !this.#closedViews.has(v.id))
      .at(-1);
  }

  snapshot(me: string): UiSnapshot {
    const fake = this.#fake;
    const channel = playgroundChannel.id;
    const mine = fake.ephemerals(me).filter((e) => e.channel === channel);
    const threads: Record<string, UiMessage[]> = {};
    const timeline: UiMessage[] = [];
    for (const message of fake.messages(channel)) {
      const replies = message.threadTs === undefined ? fake.thread(channel, message.ts) : [];
      timeline.push({
        ...fromMessage(message),
        ...(replies.length > 0 ? { replyCount: replies.length } : {}),
      });
      if (replies.length > 0) threads[message.ts] = replies.map(fromMessage);
    }
    for (const ephemeral of mine) {
      const line = fromEphemeral(ephemeral, fake.botUserId);
      if (ephemeral.threadTs === undefined) timeline.push(line);
      else threads[ephemeral.threadTs] = [...(threads[ephemeral.threadTs] ?? []), line];
    }
    timeline.push(...this.#echoes.filter((e) => e.user === me));
    timeline.sort((a, b) => compareTs(a.ts, b.ts));
    for (const replies of Object.values(threads)) replies.sort((a, b) => compareTs(a.ts, b.ts));
    const view = this.openView(me);
    const home = fake.home(me);
    return {
      me,
      people: people.map(({ id, name, role }) => ({ id, name, role })),
      bot: { id: fake.botUserId, name: 'vps-bot' },
      channel: { ...playgroundChannel },
      timeline,
      threads,
      modal:
        view === undefined
          ? null
          : { id: view.id, hash: view.hash, view: view.view, errors: this.#viewErrors.get(view.id) ?? {} },
      home: home ? { id: home.id, view: home.view } : null,
      dms: fake.messages(fake.dmChannel(me)).map(fromMessage),
      log: [...this.#log],
      fault: this.#fault,
    };
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

function fromMessage(m: StoredMessage): UiMessage {
  return {
    kind: 'message',
    ts: m.ts,
    user: m.user,
    text: m.text ?? '',
    blocks: m.blocks ?? [],
    edited: m.edits.length > 0,
    ...(m.threadTs === undefined ? {} : { threadTs: m.threadTs, broadcast: m.replyBroadcast }),
    ...(m.files
      ? { files: m.files.map((f) => ({ name: String(f.name ?? ''), title: String(f.title ?? '') })) }
      : {}),
  };
}

function fromEphemeral(m: StoredEphemeral, botUserId: string): UiMessage {
  return {
    kind: 'ephemeral',
    ts: m.ts,
    user: botUserId,
    text: m.text ?? '',
    blocks: m.blocks ?? [],
    edited: m.edits.length > 0,
    ...(m.threadTs === undefined ? {} : { threadTs: m.threadTs }),
  };
}

/** A Slack-like ts for now, comparable with the fake's (which runs on the system clock here). */
function nowTs(): string {
  const ms = Date.now();
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
}
