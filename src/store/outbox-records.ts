import type { JsonData } from './records.js';

/** The messages the bot owes Slack, kept until they are sent. */

// ── Outbox ────────────────────────────────────────────────────────────────────────────────────

export type OutboxKind = 'post' | 'update' | 'ephemeral';
/** 'superseded': a newer message with the same coalesce key made it moot before it was sent. */
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'superseded';

/**
 * Which due message goes first when the delivery budget cannot send them all: 'first' (roots,
 * approval requests, private answers, final replies), 'normal', 'last' (progress).
 */
export type OutboxPriority = 'first' | 'normal' | 'last';

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
  /** Defaults to 'first' for a 'root' or an ephemeral message, else 'normal'. */
  readonly priority?: OutboxPriority;
  /**
   * Messages that say the same thing anew share a key: when one is enqueued, the earlier ones not
   * yet handed out are never sent ('superseded'), and one of the key is sent at a time. Every edit
   * of an operation's or approval's anchor message gets one by default (an edit shows the whole
   * message, so only the newest matters); progress replies get one from the tracker. Null: never
   * superseded (final replies).
   */
  readonly coalesceKey?: string | null;
  /**
   * The key whose unsent messages this one makes moot; defaults to `coalesceKey`. A final reply
   * supersedes the progress replies it makes pointless without being supersedable itself.
   */
  readonly supersedes?: string | null;
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
  readonly priority: OutboxPriority;
  readonly coalesceKey: string | null;
  /** The message that made this one moot (status 'superseded'). */
  readonly supersededBy: string | null;
  /**
   * An earlier attempt ended without a recorded answer (the sender died, the request timed out):
   * Slack may have the message already, so a post looks for it before posting again.
   */
  readonly maybeDelivered: boolean;
}

/**
 * One rule of the outbox's delivery budget: a token bucket of `burst` sends refilled at
 * `perMinute`, counted per channel or for the whole workspace, per message kind.
 */
export interface DeliveryRule {
  readonly per: 'channel' | 'workspace';
  readonly perMinute: number;
  readonly burst: number;
}

/** The rules per message kind (a kind without rules is not limited). */
export type DeliveryBudget = Readonly<Partial<Record<OutboxKind, readonly DeliveryRule[]>>>;
