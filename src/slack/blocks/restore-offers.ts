import type { types } from '@slack/bolt';
import type { VpsDetails } from '../../domain/vps.js';
import { ActionId } from '../ids.js';
import { type Block, button, esc, section } from './elements.js';

/**
 * The card's two restore offers, each a line saying what it does with its button, shown only when
 * the API's gate allows it (an absent gate lets the API decide); otherwise the gate's reason goes
 * with the card's other unavailable actions. The buttons open a modal; nothing runs without approval.
 */
export function restoreOffers(vps: VpsDetails): { blocks: Block[]; refused: string[] } {
  const offers = [
    {
      gate: vps.actions.canRestore,
      label: 'Restore snapshot…',
      what: '*Restore a snapshot*: replaces the disk; another person must approve.',
      actionId: ActionId.requestRestore,
      refusedLabel: 'Restore snapshot',
    },
    {
      gate: vps.actions.canRestoreFromAnotherVps,
      label: 'Restore from another VPS…',
      what: '*Restore from another VPS*: replaces the disk with its backup; another person must approve.',
      actionId: ActionId.requestRestoreFrom,
      refusedLabel: 'Restore from another VPS',
    },
  ];
  const blocks: Block[] = [];
  const refused: string[] = [];
  for (const offer of offers) {
    if (offer.gate && !offer.gate.allowed) {
      refused.push(`${offer.refusedLabel}: ${esc(offer.gate.reason ?? 'not allowed now')}`);
      continue;
    }
    const block: types.SectionBlock = {
      ...section(offer.what),
      accessory: button({ actionId: offer.actionId, text: offer.label, value: vps.id }),
    };
    blocks.push(block);
  }
  return { blocks, refused };
}
