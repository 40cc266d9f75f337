import { renderRequests } from '../../blocks/requests.js';
import { mayApproveNow, openRequests } from '../../home/home-data.js';
import type { SlackRequest } from '../request.js';

/**
 * `/vps requests`: the open requests for approval, each with a link to its message, and which
 * of them the person asking may approve (the policy decides, as it will on the click).
 */
export async function requests(req: SlackRequest): Promise<void> {
  const { store, policy, zones, clock } = req.ctx;
  const now = clock.now();
  const [pending, zone] = await Promise.all([store.listPendingApprovals(), zones.of(req.user)]);
  const open = openRequests(pending, now);
  const forYou = new Set<string>();
  for (const item of open) if (await mayApproveNow(policy, req.user, item)) forYou.add(item.approval.id);
  await req.reply.send(renderRequests({ requests: open, forYou, zone, now }));
}
