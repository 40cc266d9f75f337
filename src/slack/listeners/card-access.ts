import type { ActionName } from '../../domain/action-request.js';
import type { Refusal } from '../../domain/refusals.js';
import { vpsPolicyServer } from '../../services/acting/policy-service.js';
import type { CardAccess } from '../blocks/vps-card.js';
import type { SlackRequest } from './request.js';

/** The actions a VPS card offers buttons for. */
const cardActions: readonly ActionName[] = [
  'start',
  'shutdown',
  'stop',
  'restart',
  'force-restart',
  'reset',
  'restore',
  'restore-from',
];

/**
 * What the person looking at a card may ask for, per action, as the policy decides it now: a card
 * shows only the buttons its reader could use (a click is still decided again from scratch).
 */
export async function cardAccess(
  req: SlackRequest,
  vps: { readonly name: string; readonly hostname?: string | null },
  actions: readonly ActionName[] = cardActions,
): Promise<CardAccess> {
  const denied = new Map<ActionName, Refusal>();
  const approval = new Set<ActionName>();
  const server = vpsPolicyServer(vps);
  for (const action of actions) {
    const decision = await req.ctx.policy.decideAction({
      user: req.user,
      action,
      servers: [server],
      channel: req.channel,
    });
    if (decision.verdict === 'deny') denied.set(action, decision.refusal);
    // The restores always ask for approval, and the card already says so.
    else if (decision.verdict === 'approval' && action !== 'restore' && action !== 'restore-from')
      approval.add(action);
  }
  return { denied, approval };
}
