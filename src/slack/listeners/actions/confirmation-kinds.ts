import type { BotContext } from '../../context.js';
import type { SlackRequest } from '../request.js';
import { appServerRebootConfirmation } from './appserver-confirmation.js';

/** What Confirm and Cancel do for one kind of stored confirmation. */
export interface ConfirmationHandler {
  confirm(req: SlackRequest, confirmationId: string): Promise<void>;
  cancel(req: SlackRequest, confirmationId: string): Promise<void>;
}

/**
 * Confirmation kinds with their own handler, by the `kind` stored with the confirmation. The VPS
 * kinds ('power', 'hostname') are the buttons' default path (VpsActions) and are not listed.
 */
const handlers: Record<string, (ctx: BotContext) => ConfirmationHandler> = {
  'appserver-reboot': appServerRebootConfirmation,
};

/**
 * The handler for a confirmation whose kind has one, else null (the VPS path handles it, including
 * one that is no longer known). The kind is read from the store, never from the button.
 */
export async function confirmationHandlerFor(
  ctx: BotContext,
  confirmationId: string,
): Promise<ConfirmationHandler | null> {
  const confirmation = await ctx.store.getConfirmation(confirmationId);
  const make = confirmation ? handlers[confirmation.kind] : undefined;
  return make ? make(ctx) : null;
}
