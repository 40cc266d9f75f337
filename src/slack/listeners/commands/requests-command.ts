import type { ActionRequest } from '../../../domain/action-request.js';
import { renderRequests } from '../../blocks/requests.js';
import { mayApproveNow, openRequests } from '../../home/home-data.js';
import type { SlackRequest } from '../request.js';

/**
 * `/vps requests`: the open requests for approval and the break-glass uses waiting for an
 * after-review, each with a link to its message, and which of them the person asking may
 * approve or review (the policy decides, as it will on the click).
 */
export async function requests(req: SlackRequest): Promise<void> {
  const { store, policy, zones, clock } = req.ctx;
  const now = clock.now();
  const [pending, reviews, zone] = await Promise.all([
    store.listPendingApprovals(),
    store.listOpenReviews(),
    zones.of(req.user),
  ]);
  const open = openRequests(pending, now);
  const forYou = new Set<string>();
  for (const item of open) if (await mayApproveNow(policy, req.user, item)) forYou.add(item.approval.id);
  for (const review of reviews) {
    const request = (review.detail as { request?: ActionRequest } | null)?.request;
    if (review.actor !== req.user && request && (await policy.mayApprove(req.user, request)) === null)
      forYou.add(review.id);
  }
  await req.reply.send(renderRequests({ requests: open, reviews, forYou, zone, now }));
}
