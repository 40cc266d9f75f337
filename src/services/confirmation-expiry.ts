import type { Clock } from '../clock.js';
import { actionInfo } from '../domain/action-catalogue.js';
import { requestTarget } from '../domain/action-request.js';
import type { ConfirmationExpired } from '../domain/surface-notifications.js';
import type { Store } from '../store/store.js';
import { requestOfConfirmation } from './confirmation-payload.js';

export interface ConfirmationExpiryDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly poke: () => void;
}

/** Slack lets a response_url be used for 30 minutes; past that a replacement cannot land. */
const replyUrlLifetimeMs = 30 * 60_000;

/**
 * Expires the confirmations nobody used in time, in one commit: each becomes 'expired', its
 * audit trail (which said 'requested') says 'expired', and the message that offered it is
 * replaced through its response_url by the outbox, while Slack still accepts that URL. A click
 * on it before then is refused by the store either way; restore-form drafts are only closed.
 */
export async function expireConfirmations(deps: ConfirmationExpiryDeps): Promise<number> {
  const { store, clock } = deps;
  const now = clock.now();
  const expired = await store.transaction(async (tx) => {
    const list = await tx.expireConfirmations(now);
    for (const c of list) {
      if (c.kind === 'restore-form') continue;
      const request = requestOfConfirmation(c);
      if (request) {
        const target = requestTarget(request);
        await tx.appendAudit({
          actor: 'system',
          action: actionInfo(request).auditName,
          target: target.id,
          outcome: 'expired',
          detail: { vpsName: target.name, confirmationId: c.id },
        });
      }
      if (c.replyUrl && now - c.createdAt < replyUrlLifetimeMs) {
        await tx.enqueueMessage({
          kind: 'update',
          channel: c.channel,
          payload: {
            type: 'confirmation.expired',
            confirmationId: c.id,
            replyUrl: c.replyUrl,
            request,
          } satisfies ConfirmationExpired,
          dedupeKey: `confirmation:${c.id}:expired`,
        });
      }
    }
    return list;
  });
  if (expired.length > 0) deps.poke();
  return expired.length;
}
