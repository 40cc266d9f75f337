import type { types } from '@slack/bolt';
import type { ActionName } from '../../domain/action-request.js';
import type { Refusal } from '../../domain/refusals.js';
import type { VpsDetails } from '../../domain/vps.js';
import { ActionId } from '../ids.js';
import { type Block, button, esc, section } from './elements.js';

/**
 * The card's two restore offers, each a line saying what it does with its button, shown only when
 * the API's gate allows it (an absent gate lets the API decide) and the policy lets the person
 * ask; a gate's reason goes with the card's other unavailable actions. A VPS known to have no
 * snapshots gets no snapshot button (it would only open a form saying so). The buttons open a
 * modal; nothing runs without approval.
 */
export function restoreOffers(
  vps: VpsDetails,
  options: { denied?: ReadonlyMap<ActionName, Refusal>; snapshotCount?: number | null } = {},
): { blocks: Block[]; refused: string[]; notYours: ActionName[] } {
  const offers = [
    {
      action: 'restore' as const,
      gate: vps.actions.canRestore,
      label: 'Restore snapshot…',
      what: '*Restore a snapshot*: replaces the disk; another person must approve.',
      actionId: ActionId.requestRestore,
      refusedLabel: 'Restore snapshot',
    },
    {
      action: 'restore-from' as const,
      gate: vps.actions.canRestoreFromAnotherVps,
      label: 'Restore from another VPS…',
      what: '*Restore from another VPS*: replaces the disk with its backup; another person must approve.',
      actionId: ActionId.requestRestoreFrom,
      refusedLabel: 'Restore from another VPS',
    },
  ];
  const blocks: Block[] = [];
  const refused: string[] = [];
  const notYours: ActionName[] = [];
  for (const offer of offers) {
    if (offer.gate && !offer.gate.allowed) {
      refused.push(`${offer.refusedLabel}: ${esc(offer.gate.reason ?? 'HostUp does not allow it now')}`);
      continue;
    }
    if (offer.action === 'restore' && options.snapshotCount === 0) {
      refused.push(`${offer.refusedLabel}: it has no snapshots`);
      continue;
    }
    if (options.denied?.has(offer.action)) {
      notYours.push(offer.action);
      continue;
    }
    const block: types.SectionBlock = {
      ...section(offer.what),
      accessory: button({ actionId: offer.actionId, text: offer.label, value: vps.id }),
    };
    blocks.push(block);
  }
  return { blocks, refused, notYours };
}
