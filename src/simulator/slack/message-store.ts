import type { Clock } from '../../clock.js';
import type { StoredEphemeral, StoredMessage } from './types.js';

/**
 * Messages per channel, thread replies, edits and ephemerals. Every ts is unique and increasing
 * across the whole fake, formatted like Slack's ('1700000000.000100'): seconds, a dot, six digits.
 */
export class MessageStore {
  readonly #clock: Clock;
  readonly #channels = new Map<string, StoredMessage[]>();
  readonly #ephemerals: StoredEphemeral[] = [];
  #lastMicros = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** A new ts: the clock's time in microseconds, bumped past the last one handed out. */
  nextTs(): string {
    const micros = Math.max(Math.floor(this.#clock.now()) * 1000, this.#lastMicros + 1);
    this.#lastMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  add(message: Omit<StoredMessage, 'ts' | 'edits' | 'deleted'>): StoredMessage {
    const stored: StoredMessage = { ...message, ts: this.nextTs(), edits: [], deleted: false };
    const list = this.#channels.get(message.channel) ?? [];
    list.push(stored);
    this.#channels.set(message.channel, list);
    return stored;
  }

  addEphemeral(message: Omit<StoredEphemeral, 'ts' | 'edits' | 'deleted'>): StoredEphemeral {
    const stored: StoredEphemeral = { ...message, ts: this.nextTs(), edits: [], deleted: false };
    this.#ephemerals.push(stored);
    return stored;
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    return this.#channels.get(channel)?.find((m) => m.ts === ts && !m.deleted);
  }

  findEphemeral(channel: string, ts: string): StoredEphemeral | undefined {
    return this.#ephemerals.find((m) => m.channel === channel && m.ts === ts && !m.deleted);
  }

  /** Replaces text and blocks, keeping the old version in `edits`. */
  edit(
    message: StoredMessage | StoredEphemeral,
    content: { text?: string | undefined; blocks?: unknown[] | undefined },
  ): void {
    message.edits.push({ text: message.text, blocks: message.blocks, replacedAt: this.nextTs() });
    message.text = content.text;
    message.blocks = content.blocks;
  }

  channelMessages(channel: string): StoredMessage[] {
    return (this.#channels.get(channel) ?? []).filter(
      (m) => !m.deleted && (m.threadTs === undefined || m.replyBroadcast),
    );
  }

  threadReplies(channel: string, ts: string): StoredMessage[] {
    return (this.#channels.get(channel) ?? []).filter((m) => !m.deleted && m.threadTs === ts);
  }

  ephemeralsFor(user: string): StoredEphemeral[] {
    return this.#ephemerals.filter((m) => m.user === user && !m.deleted);
  }
}

/** Compares Slack ts strings numerically (seconds, then microseconds). */
export function compareTs(a: string, b: string): number {
  const [as = '0', af = '0'] = a.split('.');
  const [bs = '0', bf = '0'] = b.split('.');
  return Number(as) - Number(bs) || Number(af.padEnd(6, '0')) - Number(bf.padEnd(6, '0'));
}
