import type { Logger } from 'pino';
import type { BotContext } from '../context.js';
import type { Replier } from '../reply.js';

/** One person's request (a command or a click), as every handler sees it. */
export interface SlackRequest {
  readonly ctx: BotContext;
  readonly reply: Replier;
  readonly logger: Logger;
  readonly user: string;
  readonly channel: string;
  readonly correlationId: string;
  /** For opening a modal: Slack's trigger_id, valid 3 s and once. */
  readonly triggerId?: string;
  /** For a click: the ts of the message the button was on. */
  readonly messageTs?: string;
  /**
   * Where it came from: a slash command, a click on a private message, on a channel message, or
   * in a view (a modal or the App Home, which have no response_url).
   */
  readonly surface: 'command' | 'ephemeral' | 'message' | 'view';
  /** Slack's response_url for this request, when it has one. */
  readonly responseUrl?: string;
}
