import type { webApi } from '@slack/bolt';
import type { Notification } from '../domain/notifications.js';
import type { OutboxMessage } from '../store/store.js';
import { SendFailure, type SendMessage } from '../tracker/outbox-worker.js';
import { context, type SlackMessage } from './blocks/elements.js';
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
    const rendered = withRedeliveryNote(message, renderNotification(message.payload as Notification));
    try {
      switch (message.kind) {
        case 'post': {
          const res = await client.chat.postMessage({
            channel: message.channel,
            text: rendered.text,
            blocks: rendered.blocks,
            ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
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

/**
 * A message handed out before without any answer recorded (the process died mid-send) may already
 * be in Slack. Reading the channel back would need history scopes, so it is sent again, saying so:
 * at-least-once in that one crash window, and the person can tell why two copies exist.
 */
function withRedeliveryNote(message: OutboxMessage, rendered: SlackMessage): SlackMessage {
  const uncertain = message.attempts > 1 && message.lastError === null && message.kind === 'post';
  if (!uncertain) return rendered;
  return {
    text: rendered.text,
    blocks: [
      ...rendered.blocks,
      context('Posted again after the bot restarted; an earlier copy may show an older status.'),
    ],
  };
}

function classify(error: unknown): SendFailure {
  if (error instanceof SendFailure) return error;
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number };
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
    return new SendFailure(`http_${e.statusCode ?? 'error'}`, { permanent: false, cause: error });
  }
  return new SendFailure('request_failed', { permanent: false, cause: error });
}
