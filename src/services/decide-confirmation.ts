import type { Clock } from '../clock.js';
import type { Confirmation, Store } from '../store/store.js';

const closedReasons: Record<string, string> = {
  not_found: 'This confirmation is no longer known. Run the command again.',
  already_decided: 'This was already confirmed or cancelled: nothing more was done.',
  expired: 'This confirmation expired: nothing was done. Run the command again.',
  not_requester: 'Only the person who asked can confirm or cancel this.',
};

/**
 * Confirms or cancels a stored confirmation in one atomic store transition (of many concurrent
 * clicks exactly one wins); a refusal comes back as the sentence the person reads.
 */
export async function decideConfirmation(
  deps: { readonly store: Store; readonly clock: Clock },
  args: {
    readonly confirmationId: string;
    readonly user: string;
    readonly decision: 'confirmed' | 'cancelled';
  },
): Promise<
  { readonly ok: true; readonly confirmation: Confirmation } | { readonly ok: false; readonly reason: string }
> {
  const decided = await deps.store.decideConfirmation(args.confirmationId, {
    by: args.user,
    decision: args.decision,
    now: deps.clock.now(),
  });
  if (decided.ok) return { ok: true, confirmation: decided.confirmation };
  return { ok: false, reason: closedReasons[decided.reason] ?? closedReasons.not_found! };
}
