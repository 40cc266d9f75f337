import type { ActionRequest } from '../../domain/action-request.js';
import { preparedReply } from '../blocks/outcomes.js';
import type { SlackRequest } from './request.js';

/**
 * Asks the policy and the live gates about an action and, when it may go ahead, shows the
 * requester a private confirmation of exactly what will run (and, when it only asks for approval,
 * who will be asked). Used by commands and buttons alike.
 */
export async function offerConfirmation(
  req: SlackRequest,
  request: ActionRequest,
  breakGlass?: string,
): Promise<void> {
  const reply = replyPlace(req);
  const prepared = await req.ctx.confirmations.prepare({
    user: req.user,
    channel: req.channel,
    request,
    correlationId: req.correlationId,
    ...(breakGlass ? { breakGlass } : {}),
    replyUrl: reply.url,
  });
  // A refusal never replaces what the person was looking at.
  await req.reply.answer({
    ...preparedReply(prepared),
    replace: reply.replace && prepared.code === 'confirm',
  });
}

/**
 * Where a confirmation goes so that it can be replaced when it expires. A command's reply is the
 * message its response_url replaces. A click on a private message (a card, a pick list) turns that
 * message into the confirmation, so the click's response_url replaces it again later. A click on a
 * channel message (a thread's Force restart) gets a new private message that nothing can replace
 * (the channel message must never be replaced); clicking it late says it expired.
 */
export function replyPlace(req: SlackRequest): { readonly url: string | null; readonly replace: boolean } {
  if (req.surface === 'command') return { url: req.responseUrl ?? null, replace: false };
  if (req.surface === 'ephemeral') return { url: req.responseUrl ?? null, replace: true };
  return { url: null, replace: false };
}
