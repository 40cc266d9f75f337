import type { ActionRequest } from './action-request.js';

/**
 * What the outbox owes the Slack surfaces besides channel messages, as plain data.
 *
 * A private confirmation that expired: replaced through the response_url it was posted with, so
 * it stops showing live buttons and "expires in 5 minutes". Ephemeral messages cannot be edited
 * through the Web API; a response_url can still replace one for 30 minutes (5 uses).
 */
export interface ConfirmationExpired {
  readonly type: 'confirmation.expired';
  readonly confirmationId: string;
  /** Slack's response_url (never logged: it lets anyone post to that person for a while). */
  readonly replyUrl: string;
  /** What it offered, to say what was not done (null for a confirmation the bot cannot read). */
  readonly request: ActionRequest | null;
}

/**
 * One person's App Home is to be published again from what the store holds when it is sent, so
 * many changes in a short while cost one `views.publish` (see slack/home/).
 */
export interface HomeRefresh {
  readonly type: 'home.refresh';
  readonly user: string;
}
