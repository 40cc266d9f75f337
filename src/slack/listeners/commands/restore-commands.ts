import { requestReply } from '../../blocks/outcomes.js';
import { ActionId } from '../../ids.js';
import { openRestoreModal } from '../approvals/restore-modal.js';
import type { SlackRequest } from '../request.js';
import { resolveOrReply } from './read-commands.js';

const pickToRestore = (actionId: typeof ActionId.requestRestore | typeof ActionId.requestRestoreFrom) =>
  ({ kind: 'button', actionId, value: (v: { id: string }) => v.id }) as const;

/**
 * `/vps restore <vps> [snapshot]`. Without a snapshot a modal lets the person pick one (opened
 * before anything else: the trigger_id lives 3 s). With one, the name is matched against the API's
 * list and a request is posted for approval; nothing is restored here.
 */
export async function restore(
  req: SlackRequest,
  query: string,
  snapshot: string | null,
  breakGlass?: string,
): Promise<void> {
  if (snapshot === null) return openRestoreModal(req, { query }, 'restore');
  const vps = await resolveOrReply(req, query, pickToRestore(ActionId.requestRestore));
  if (!vps) return;
  const outcome = await req.ctx.restores.requestRestore({
    user: req.user,
    channel: req.channel,
    vpsId: vps.id,
    snapshot,
    reason: '',
    correlationId: req.correlationId,
    ...(breakGlass ? { breakGlass } : {}),
  });
  // When requested, the private note follows through the outbox, after the request is posted.
  const reply = requestReply(outcome);
  if (reply) await req.reply.answer(reply);
}

/** `/vps restore-from <vps> [<source-vps> <backup-id>]`: like restore, with restore sources. */
export async function restoreFrom(
  req: SlackRequest,
  query: string,
  source: { readonly vps: string; readonly backupId: string } | null,
  breakGlass?: string,
): Promise<void> {
  if (source === null) return openRestoreModal(req, { query }, 'restore-from');
  const vps = await resolveOrReply(req, query, pickToRestore(ActionId.requestRestoreFrom));
  if (!vps) return;
  const outcome = await req.ctx.restores.requestRestoreFrom({
    user: req.user,
    channel: req.channel,
    vpsId: vps.id,
    source: source.vps,
    backupId: source.backupId,
    reason: '',
    correlationId: req.correlationId,
    ...(breakGlass ? { breakGlass } : {}),
  });
  const reply = requestReply(outcome);
  if (reply) await req.reply.answer(reply);
}
