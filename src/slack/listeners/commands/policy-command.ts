import type { ActionName } from '../../../domain/action-request.js';
import { explainRule } from '../../../domain/policy/index.js';
import { vpsPolicyServer } from '../../../services/acting/policy-service.js';
import { renderPolicyPreview } from '../../blocks/policy-preview.js';
import type { SlackRequest } from '../request.js';
import { resolveOrReply } from './read-commands.js';

/**
 * `/vps policy <vps> [action]`: privately, the rule that covers the server and what it says —
 * who may act, who approves and how many, what needs approval, a freeze now or soon — and, for
 * an action, what would happen if the person asked for it here and now.
 */
export async function policyPreview(
  req: SlackRequest,
  query: string,
  action: ActionName | null,
): Promise<void> {
  const found = await resolveOrReply(req, query, { kind: 'show' });
  if (!found) return;
  const vps = await req.ctx.hostup.getVpsDetails(found.id);
  const server = vpsPolicyServer(vps);
  const preview = explainRule(req.ctx.policy.current, server, req.ctx.clock.now());
  const decision = action
    ? await req.ctx.policy.decideAction({ user: req.user, action, servers: [server], channel: req.channel })
    : null;
  await req.reply.send(renderPolicyPreview({ vpsName: vps.name, preview, action, decision, user: req.user }));
}
