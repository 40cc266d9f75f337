import type { webApi } from '@slack/bolt';
import type { Notification } from '../domain/notifications.js';
import type { OutboxMessage } from '../store/store.js';
import { SendFailure, type SendMessage } from '../tracker/outbox-worker.js';
import { context } from './blocks/elements.js';
import { renderNotification } from './blocks/notifications.js';

/** Slack errors that no retry will fix: the message is given up (and logged) at once. */
const permanentErrors = new Set([
  'invalid_blocks',
  'msg_too_long',
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'message_not_found',
  'cant_update_message',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'missing_scope',
  'user_not_in_channel',
]);

/**
 * Sends outbox messages through the Web API. The WebClient must not retry or queue on its own
 * (`retries: 0`, `rejectRateLimitedCalls: true`): the outbox worker owns retries, so a Slack 429
 * delays messages without stalling anything else.
 */
export function createSlackSender(client: webApi.WebClient): SendMessage {
  return async (message: OutboxMessage) => {
    const rendered = renderNotification(message.payload as Notification);
    try {
      switch (message.kind) {
        case 'post': {
          // An earlier attempt ended with no answer recorded (the process died, the request timed
          // out): Slack may have taken it. A recorded refusal (a 429, an error answer) does not count.
          const uncertain = message.maybeDelivered;
          const earlier = uncertain ? await findPosted(client, message) : { found: false as const };
          if (earlier.found) return { ts: earlier.ts };
          const note = uncertain && earlier.unknown ? [redeliveryNote] : [];
          const res = await client.chat.postMessage({
            channel: message.channel,
            text: rendered.text,
            blocks: [...rendered.blocks, ...note],
            ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
            metadata: { event_type: outboxEventType, event_payload: { outbox_id: message.id } },
          });
          return { ts: res.ts ?? null };
        }
        case 'update': {
          if (!message.targetTs) throw new SendFailure('no_target_message', { permanent: true });
          await client.chat.update({
            channel: message.channel,
            ts: message.targetTs,
            text: rendered.text,
            blocks: rendered.blocks,
          });
          return { ts: message.targetTs };
        }
        case 'ephemeral': {
          const user = (message.payload as { user?: string }).user;
          if (!user) throw new SendFailure('no_ephemeral_user', { permanent: true });
          await client.chat.postEphemeral({
            channel: message.channel,
            user,
            text: rendered.text,
            blocks: rendered.blocks,
          });
          return { ts: null };
        }
      }
    } catch (error) {
      throw classify(error);
    }
  };
}

/** Every post carries its outbox id as message metadata, so a redelivery can look for it first. */
const outboxEventType = 'vps_chatops_outbox';
const redeliveryNote = context(
  'Posted again after the bot restarted; an earlier copy may show an older status.',
);

type Lookup =
  | { readonly found: true; readonly ts: string }
  | { readonly found: false; readonly unknown?: boolean };

/**
 * Whether Slack already has this message (a crash between Slack's answer and the store's record).
 * It reads the thread (or the channel since the message was enqueued) and matches the outbox id in
 * the metadata, so a redelivery never posts a second copy. If Slack cannot be read (missing
 * scope, an error), it answers `unknown`: the message is then posted again with a note saying so.
 */
async function findPosted(client: webApi.WebClient, message: OutboxMessage): Promise<Lookup> {
  try {
    const res = message.threadTs
      ? await client.conversations.replies({
          channel: message.channel,
          ts: message.threadTs,
          include_all_metadata: true,
          limit: 1000,
        })
      : await client.conversations.history({
          channel: message.channel,
          oldest: String(Math.floor(message.createdAt / 1000) - 60),
          include_all_metadata: true,
          limit: 1000,
        });
    const match = (res.messages ?? []).find(
      (m) =>
        m.metadata?.event_type === outboxEventType &&
        (m.metadata.event_payload as { outbox_id?: unknown } | undefined)?.outbox_id === message.id,
    );
    return match?.ts ? { found: true, ts: match.ts } : { found: false };
  } catch {
    return { found: false, unknown: true };
  }
}

/** A Web API error as the outbox worker sees it: permanent, rate-limited, or worth another try. */
export function classify(error: unknown): SendFailure {
  if (error instanceof SendFailure) return error;
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number };
  // A 429 and an error answer are Slack saying no: nothing was posted. Anything else (a 5xx, no
  // answer at all) leaves it open whether Slack took the message.
  if (e.code === 'slack_webapi_rate_limited_error') {
    return new SendFailure('rate_limited', {
      retryAfterMs: (e.retryAfter ?? 1) * 1000,
      permanent: false,
      cause: error,
    });
  }
  if (e.code === 'slack_webapi_platform_error') {
    const code = e.data?.error ?? 'platform_error';
    return new SendFailure(code, { permanent: permanentErrors.has(code), cause: error });
  }
  if (e.code === 'slack_webapi_http_error') {
    return new SendFailure(`http_${e.statusCode ?? 'error'}`, {
      permanent: false,
      maybeDelivered: (e.statusCode ?? 500) >= 500,
      cause: error,
    });
  }
  return new SendFailure('request_failed', { permanent: false, maybeDelivered: true, cause: error });
}
