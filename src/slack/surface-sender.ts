import type { Logger } from 'pino';
import type { Notification } from '../domain/notifications.js';
import type { ConfirmationExpired } from '../domain/surface-notifications.js';
import { SendFailure, type SendMessage } from '../tracker/outbox-worker.js';
import { renderConfirmationExpired } from './blocks/confirmation.js';
import { classify } from './outbox-sender.js';

export interface SurfaceSenderOptions {
  /** Sends channel messages, edits and ephemerals (createSlackSender). */
  readonly messages: SendMessage;
  /** Publishes one person's App Home from the store as it is now. */
  readonly publishHome: (user: string) => Promise<void>;
  /** Told of every message Slack accepted, to refresh the App Homes it changes (best effort). */
  readonly afterSend?: (notification: Notification) => Promise<void>;
  readonly logger: Logger;
  /** How a response_url is POSTed to (global fetch by default). */
  readonly fetch?: typeof fetch;
}

/**
 * The outbox's sender for every Slack surface: App Home refreshes (views.publish), expired
 * confirmations (replaced through their response_url), and everything else through the message
 * sender. The outbox gives them all the same leases, retries and rate-limit handling, and lets
 * them survive a restart.
 */
export function surfaceSender(options: SurfaceSenderOptions): SendMessage {
  const post = options.fetch ?? fetch;
  return async (message) => {
    const payload = message.payload as Notification;
    if (payload.type === 'home.refresh') {
      try {
        await options.publishHome(payload.user);
      } catch (error) {
        throw classify(error);
      }
      return { ts: null };
    }
    if (payload.type === 'confirmation.expired') {
      await replaceExpired(post, payload);
      return { ts: null };
    }
    const sent = await options.messages(message);
    if (options.afterSend) {
      await options
        .afterSend(payload)
        .catch((error: unknown) =>
          options.logger.warn({ err: error, outboxId: message.id }, 'could not schedule App Home refreshes'),
        );
    }
    return sent;
  };
}

/**
 * Replaces the expired confirmation through its response_url. Slack answers 404 once the URL is
 * used up (5 uses) or too old (30 min): the message then stays as it is, and a click on it is
 * still refused as expired. The URL itself never reaches a log line or an error.
 */
async function replaceExpired(post: typeof fetch, n: ConfirmationExpired): Promise<void> {
  const message = renderConfirmationExpired(n);
  let status: number;
  try {
    const res = await post(n.replyUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        response_type: 'ephemeral',
        replace_original: true,
        text: message.text,
        blocks: message.blocks,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    status = res.status;
    await res.body?.cancel();
  } catch (error) {
    throw new SendFailure('response_url_unreachable', { permanent: false, cause: error });
  }
  if (status === 200) return;
  if (status === 404 || status === 410) throw new SendFailure('response_url_gone', { permanent: true });
  if (status === 429) throw new SendFailure('rate_limited', { permanent: false, retryAfterMs: 1000 });
  throw new SendFailure(`response_url_http_${status}`, { permanent: status < 500 });
}
