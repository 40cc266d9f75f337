import { filterVpses } from '../../../domain/resolve-vps.js';
import type { Vps } from '../../../domain/vps.js';
import { renderHelp } from '../../blocks/help.js';
import { type PickIntent, renderAmbiguous, renderNotFound } from '../../blocks/pick-vps.js';
import { renderSnapshots } from '../../blocks/snapshots.js';
import { renderVpsCard } from '../../blocks/vps-card.js';
import { renderVpsList } from '../../blocks/vps-list.js';
import { cardAccess } from '../card-access.js';
import type { SlackRequest } from '../request.js';

export async function help(req: SlackRequest, topic: string | null): Promise<void> {
  await req.reply.send(renderHelp(topic));
}

export async function list(req: SlackRequest, filter: string | null, offset = 0): Promise<void> {
  const vpses = filterVpses(filter, await req.ctx.hostup.listVps());
  await req.reply.send(renderVpsList({ vpses, filter: filter ?? '', offset }));
}

export async function show(req: SlackRequest, query: string): Promise<void> {
  const vps = await resolveOrReply(req, query, { kind: 'show' });
  if (vps) await showCard(req, vps.id);
}

/** The card of one VPS, with the buttons the person looking may use and its snapshot count. */
export async function showCard(req: SlackRequest, vpsId: string): Promise<void> {
  const { hostup, finder } = req.ctx;
  const [vps, snapshots] = await Promise.all([
    hostup.getVpsDetails(vpsId),
    // The count only spares a form that would say "no snapshots"; the card stands without it.
    hostup.listSnapshots(vpsId).then(
      (list) => list.snapshots.length,
      () => null,
    ),
  ]);
  finder.remember(vps.id, vps.hostname);
  const access = await cardAccess(req, vps);
  await req.reply.send(renderVpsCard(vps, { access, snapshotCount: snapshots }));
}

export async function snapshots(req: SlackRequest, query: string): Promise<void> {
  const vps = await resolveOrReply(req, query, { kind: 'show' });
  if (!vps) return;
  const [list, access] = await Promise.all([
    req.ctx.hostup.listSnapshots(vps.id),
    cardAccess(req, vps, ['restore']),
  ]);
  const refusal = access.denied.get('restore') ?? null;
  await req.reply.send(renderSnapshots(vps, list, req.ctx.clock.now(), { refusal }));
}

/**
 * Finds the one VPS a person meant; otherwise replies with the candidates to pick from (as
 * buttons that carry `intent`) or the closest names, and returns null.
 */
export async function resolveOrReply(
  req: SlackRequest,
  query: string,
  intent: PickIntent,
): Promise<Vps | null> {
  const found = await req.ctx.finder.find(query);
  if (found.kind === 'found') return found.vps;
  if (found.kind === 'ambiguous') await req.reply.send(renderAmbiguous(query, found.candidates, intent));
  else await req.reply.send(renderNotFound(query, found.suggestions, intent));
  return null;
}
