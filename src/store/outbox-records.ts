import type { JsonData } from './records.js';

/** The messages the bot owes Slack, kept until they are sent. */

// ── Outbox ────────────────────────────────────────────────────────────────────────────────────

export type OutboxKind = 'post' | 'update' | 'ephemeral';
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/**
 * How a message relates to the Slack message its operation or approval is anchored on.
 * - 'root': this message IS the anchor; when sent, its ts becomes the operation's `rootTs`
 *   (or the approval's `messageTs`).
 * - 'follow': when handed out, a missing `threadTs` (post) or `targetTs` (update) is filled from
 *   that anchor. Because messages of one order group go out one at a time, a follow-up enqueued
 *   with the root is only handed out after the root was sent (or failed: then it goes out unthreaded).
 */
export type OutboxAnchor = 'root' | 'follow';

/** A message owed to Slack, as enqueued. */
export interface NewOutboxMessage {
  readonly id?: string;
  readonly operationId?: string | null;
  readonly approvalId?: string | null;
  /** A break-glass review's message (its root when `anchor` is 'root'). */
  readonly reviewId?: string | null;
  readonly kind: OutboxKind;
  readonly channel: string;
  readonly threadTs?: string | null;
  /** The message an 'update' edits. */
  readonly targetTs?: string | null;
  readonly anchor?: OutboxAnchor | null;
  /** What Slack receives: text, blocks, user (for ephemeral)… */
  readonly payload: JsonData;
  /** Enqueuing a key that exists already is a no-op (e.g. `${operationId}:status:${status}`). */
  readonly dedupeKey?: string | null;
  /**
   * Messages with the same key are handed out one at a time in enqueue order. Defaults to
   * `operation:<id>`, else `approval:<id>`, else `<channel>:<threadTs ?? targetTs ?? 'top'>`.
   */
  readonly orderKey?: string;
  readonly nextAttemptAt?: number;
  readonly createdAt?: number;
}

export interface OutboxMessage {
  readonly id: string;
  readonly operationId: string | null;
  readonly approvalId: string | null;
  readonly reviewId: string | null;
  readonly kind: OutboxKind;
  readonly channel: string;
  readonly threadTs: string | null;
  readonly targetTs: string | null;
  readonly anchor: OutboxAnchor | null;
  readonly payload: JsonData;
  readonly dedupeKey: string | null;
  readonly orderKey: string;
  readonly status: OutboxStatus;
  /** Times it was handed out to a sender. */
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: number | null;
  readonly createdAt: number;
  readonly sentAt: number | null;
  /** The ts Slack returned (null for ephemeral messages, which have none). */
  readonly resultTs: string | null;
  readonly lastError: string | null;
}
