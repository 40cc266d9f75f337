import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { CallLog } from './call-log.js';
import type { Json, SocketAck, SocketEnvelopeType, SocketSendOptions } from './types.js';

interface Pending {
  type: SocketEnvelopeType;
  sentAt: number;
  timer: NodeJS.Timeout;
  resolve: (ack: SocketAck) => void;
  reject: (error: Error) => void;
}

/** Writes one envelope to one or more open connections; false when none is open. */
export type Deliver = (envelope: Json, to: 'newest' | 'all') => boolean;

/**
 * Envelopes waiting for their ack, and every ack frame received. Slack retries Events API
 * deliveries that are not acked in time (`retry_attempt`, `retry_reason: 'timeout'`), each as a
 * new envelope with the same payload — de-duplicating events is the app's job, by `event_id`. It
 * never retries slash commands or interactivity: an envelope that is not acked (its connection
 * closed first, or nobody answered) is lost, and the person sees an error after 3 s.
 */
export class EnvelopeBook {
  readonly #log: CallLog;
  readonly #ackTimeoutMs: number;
  readonly #eventRetryDelaysMs: readonly number[];
  readonly #pending = new Map<string, Pending>();
  readonly #acks: SocketAck[] = [];
  readonly #ackFrames = new Map<string, number>();
  /** Events API retries waiting for their delay, with the promise to reject if the fake closes. */
  readonly #retries = new Map<NodeJS.Timeout, (error: Error) => void>();

  constructor(options: { log: CallLog; ackTimeoutMs: number; eventRetryDelaysMs: readonly number[] }) {
    this.#log = options.log;
    this.#ackTimeoutMs = options.ackTimeoutMs;
    this.#eventRetryDelaysMs = options.eventRetryDelaysMs;
  }

  get acks(): readonly SocketAck[] {
    return this.#acks;
  }

  /** Ack frames received for this envelope id, on any connection (2 means the app acked twice). */
  ackCount(envelopeId: string): number {
    return this.#ackFrames.get(envelopeId) ?? 0;
  }

  send(
    deliver: Deliver,
    type: SocketEnvelopeType,
    payload: Json,
    options: SocketSendOptions = {},
  ): Promise<SocketAck> {
    return new Promise<SocketAck>((resolve, reject) => {
      const attempt = (retryAttempt: number) => {
        const envelopeId = retryAttempt === 0 ? (options.envelopeId ?? randomUUID()) : randomUUID();
        const envelope: Json = {
          envelope_id: envelopeId,
          type,
          payload,
          accepts_response_payload: type !== 'events_api',
          ...(type === 'events_api'
            ? { retry_attempt: retryAttempt, retry_reason: retryAttempt === 0 ? '' : 'timeout' }
            : {}),
        };
        const timeoutMs = options.timeoutMs ?? this.#ackTimeoutMs;
        const timer = setTimeout(() => {
          this.#pending.delete(envelopeId);
          const delay = type === 'events_api' ? this.#eventRetryDelaysMs[retryAttempt] : undefined;
          if (delay === undefined) {
            reject(new Error(`fake Slack: no ack for ${type} envelope ${envelopeId} within ${timeoutMs} ms`));
            return;
          }
          this.#later(delay, () => attempt(retryAttempt + 1), reject);
        }, timeoutMs);
        this.#pending.set(envelopeId, { type, sentAt: performance.now(), timer, resolve, reject });
        if (!deliver(envelope, options.deliverTo ?? 'newest')) {
          clearTimeout(timer);
          this.#pending.delete(envelopeId);
          reject(new Error('fake Slack: no Socket Mode client is connected'));
        }
      };
      attempt(0);
    });
  }

  /** An `{envelope_id, payload?}` frame from any connection. */
  received(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { envelope_id: envelopeId, payload } = message as Json;
    if (typeof envelopeId !== 'string') return;
    this.#ackFrames.set(envelopeId, this.ackCount(envelopeId) + 1);
    const pending = this.#pending.get(envelopeId);
    if (pending !== undefined) {
      this.#pending.delete(envelopeId);
      clearTimeout(pending.timer);
      const ack: SocketAck = {
        envelopeId,
        type: pending.type,
        ms: performance.now() - pending.sentAt,
        ...(isNonEmptyObject(payload) ? { payload } : {}),
      };
      this.#acks.push(ack);
      pending.resolve(ack);
    }
    this.#log.changed();
  }

  close(): void {
    for (const [timer, reject] of this.#retries) {
      clearTimeout(timer);
      reject(new Error('fake Slack closed before an Events API retry was sent'));
    }
    this.#retries.clear();
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(`fake Slack closed before envelope ${id} was acked`));
    }
    this.#pending.clear();
  }

  #later(ms: number, run: () => void, reject: (error: Error) => void): void {
    const timer = setTimeout(() => {
      this.#retries.delete(timer);
      run();
    }, ms);
    this.#retries.set(timer, reject);
  }
}

function isNonEmptyObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}
