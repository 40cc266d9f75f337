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
  const prepared = await req.ctx.confirmations.prepare({
    user: req.user,
    channel: req.channel,
    request,
    correlationId: req.correlationId,
    ...(breakGlass ? { breakGlass } : {}),
  });
  await req.reply.send(preparedReply(prepared).message);
}
