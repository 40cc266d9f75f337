import { randomUUID } from 'node:crypto';
import type { RespondFn } from '@slack/bolt';
import type { Logger } from 'pino';
import { toUserMessage } from '../errors.js';
import { plainMessage, type SlackMessage } from './blocks/elements.js';

/** A short id that follows one command or click through logs, the audit trail and API calls. */
export function newCorrelationId(): string {
  return randomUUID().slice(0, 8);
}

/**
 * Private answers go through `response_url`. `respond()` throws on a non-2xx answer (Bolt 5), and
 * a failed reply must never become an unhandled rejection: it is logged and swallowed. A click in
 * a view (the App Home) comes with no response_url: `elsewhere` says it then (a direct message).
 */
export function replier(
  respond: RespondFn | undefined,
  logger: Logger,
  onError?: (error: unknown) => void,
  elsewhere?: (message: SlackMessage) => Promise<void>,
) {
  const send = async (message: SlackMessage, options: { replaceOriginal?: boolean } = {}) => {
    try {
      if (!respond) {
        await elsewhere?.(message);
        return;
      }
      await respond({
        response_type: 'ephemeral',
        text: message.text,
        blocks: message.blocks,
        replace_original: options.replaceOriginal ?? false,
      });
    } catch (error) {
      logger.warn({ err: error }, 'could not reply through response_url');
    }
  };
  return {
    send,
    /** Replaces the message the button was on (an ephemeral confirmation, a card). */
    replace: (message: SlackMessage) => send(message, { replaceOriginal: true }),
    text: (markdown: string) => send(plainMessage(markdown)),
    /** An outcome's reply: the clicked message replaced, or a new private message. */
    answer: (reply: { readonly replace: boolean; readonly message: SlackMessage }) =>
      send(reply.message, { replaceOriginal: reply.replace }),
    /** Runs `work`; any error reaches the person as a sentence saying what to do, never only a log line. */
    async guard(work: () => Promise<void>): Promise<void> {
      try {
        await work();
      } catch (error) {
        onError?.(error);
        logger.error({ err: error }, 'request failed');
        await send(plainMessage(`:warning: ${toUserMessage(error)}`));
      }
    },
  };
}
export type Replier = ReturnType<typeof replier>;
