import type { PowerAction } from '../../../domain/actions.js';
import { snapshotName } from '../../../domain/snapshot-names.js';
import type { VpsDetails } from '../../../domain/vps.js';
import { encodeValue } from '../../action-values.js';
import { ActionId } from '../../ids.js';
import { offerConfirmation } from '../offer-confirmation.js';
import type { SlackRequest } from '../request.js';
import { resolveOrReply } from './read-commands.js';

/** `/vps start|shutdown|stop|restart|reset <vps> [--force]`: resolve, then confirm privately. */
export async function power(
  req: SlackRequest,
  query: string,
  action: PowerAction,
  force: boolean,
  breakGlass?: string,
): Promise<void> {
  const vps = await resolveOrReply(req, query, {
    kind: 'button',
    actionId: ActionId.requestPowerAction,
    value: (v) => encodeValue({ vpsId: v.id, action, ...(force ? { force: true } : {}) }),
  });
  if (vps) await offerPower(req, vps.id, action, force, breakGlass);
}

/** A power action on a VPS the API listed, by its id (a command, a card button, a pick). */
export async function offerPower(
  req: SlackRequest,
  vpsId: string,
  action: PowerAction,
  force: boolean,
  breakGlass?: string,
): Promise<void> {
  const vps = await req.ctx.hostup.getVpsDetails(vpsId);
  const request = { kind: 'power', ...onVps(vps), action, force: force && action === 'restart' } as const;
  await offerConfirmation(req, request, breakGlass);
}

/** `/vps hostname <vps> <fqdn>`: the name was validated by the parser; resolve, then confirm. */
export async function hostname(
  req: SlackRequest,
  query: string,
  newHostname: string,
  breakGlass?: string,
): Promise<void> {
  const found = await resolveOrReply(req, query, { kind: 'show' });
  if (!found) return;
  const vps = await req.ctx.hostup.getVpsDetails(found.id);
  await offerConfirmation(
    req,
    {
      kind: 'hostname',
      ...onVps(vps),
      hostname: newHostname,
      currentHostname: vps.hostname ?? null,
    },
    breakGlass,
  );
}

/**
 * `/vps snapshot <vps> [name]`: resolve, then confirm. Without a name the bot picks
 * `manual-<UTC minute>`, one HostUp's list does not have yet (Confirm checks the name again).
 */
export async function snapshot(
  req: SlackRequest,
  query: string,
  name: string | null,
  breakGlass?: string,
): Promise<void> {
  const found = await resolveOrReply(req, query, { kind: 'show' });
  if (!found) return;
  const [vps, list] = await Promise.all([
    req.ctx.hostup.getVpsDetails(found.id),
    name === null ? req.ctx.hostup.listSnapshots(found.id) : null,
  ]);
  const existing = list?.snapshots.map((s) => s.name) ?? [];
  await offerConfirmation(
    req,
    {
      kind: 'snapshot',
      ...onVps(vps),
      name: name ?? snapshotName('manual', req.ctx.clock.now(), existing),
      purpose: 'manual',
    },
    breakGlass,
  );
}

/** The VPS a request is for, named the way the policy matches it (name and hostname). */
export function onVps(vps: Pick<VpsDetails, 'id' | 'name' | 'hostname'>) {
  return { vpsId: vps.id, vpsName: vps.name, vpsHostname: vps.hostname ?? null };
}
