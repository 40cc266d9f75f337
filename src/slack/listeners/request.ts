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
}
