import type { ConfirmationExpired } from '../../domain/surface-notifications.js';
import { ActionId } from '../ids.js';
import { describeRequest } from './action-words.js';
import { actions, type Block, button, context, esc, type SlackMessage, section } from './elements.js';

/**
 * The private "are you sure?" shown before any acting command: it names the server and what
 * will happen, carries a warning for actions that can lose data, and expires.
 */
export function renderConfirmation(args: {
  confirmationId: string;
  title: string;
  what: string;
  warning: string | null;
  confirmLabel: string;
  expiresInMinutes: number;
}): SlackMessage {
  const blocks: Block[] = [section(`*${esc(args.title)}*\n${args.what}`)];
  if (args.warning) blocks.push(section(`:warning: ${esc(args.warning)}`));
  blocks.push(
    actions('confirmation', [
      button({
        actionId: ActionId.confirm,
        text: args.confirmLabel,
        value: args.confirmationId,
        style: args.warning ? 'danger' : 'primary',
      }),
      button({ actionId: ActionId.cancel, text: 'Cancel', value: args.confirmationId }),
    ]),
  );
  blocks.push(context(`Only you can see this. It expires in ${args.expiresInMinutes} minutes.`));
  return { text: args.title, blocks };
}

/** What replaces the confirmation once it was used, so it cannot be clicked again. */
export function renderConfirmationClosed(markdown: string): SlackMessage {
  return { text: markdown, blocks: [section(markdown)] };
}

/** What replaces a confirmation nobody used in time: no buttons, and what to do instead. */
export function renderConfirmationExpired(n: ConfirmationExpired): SlackMessage {
  const what = n.request ? `*${esc(describeRequest(n.request).title)}*: this` : 'This';
  return renderConfirmationClosed(
    `:hourglass: ${what} confirmation expired, so nothing was done. Run the command again if it is still needed.`,
  );
}
