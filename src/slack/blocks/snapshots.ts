import type { types } from '@slack/bolt';
import type { Refusal } from '../../domain/refusals.js';
import type { SnapshotList, Vps } from '../../domain/vps.js';
import { encodeValue } from '../action-values.js';
import { ActionId, suffixed } from '../ids.js';
import { type Block, button, context, esc, type SlackMessage, section } from './elements.js';
import { refusalText } from './refusals.js';

/** Rows per answer: one block each, with room for the heading and notes within Slack's 50. */
const maxRows = 40;

/**
 * `/vps snapshots <vps>`: name, age and expiry of each snapshot (they live about a day), each
 * with a Restore button that opens the restore form with it picked, when HostUp's gate and the
 * policy let the person ask; otherwise one line says why not.
 */
export function renderSnapshots(
  vps: Vps,
  list: SnapshotList,
  now: number,
  options: { refusal?: Refusal | null } = {},
): SlackMessage {
  if (list.snapshots.length === 0) {
    const text = `*${esc(vps.name)}* has no snapshots.`;
    return { text, blocks: [section(text)] };
  }
  const gateClosed = list.canRestore !== undefined && !list.canRestore.allowed;
  const offer = !gateClosed && !options.refusal;
  const shown = list.snapshots.slice(0, maxRows);
  const blocks: Block[] = [section(`*Snapshots of ${esc(vps.name)}* (${list.snapshots.length})`)];
  shown.forEach((s, i) => {
    const parts = [`*${esc(s.name)}*`];
    if (s.createdAt) parts.push(`taken ${age(s.createdAt, now)} ago`);
    if (s.expiresAt) parts.push(`expires in ${age(now, s.expiresAt)}`);
    if (s.includesMemoryState) parts.push('with memory');
    if (s.description) parts.push(esc(s.description));
    const row: types.SectionBlock = section(parts.join(' · '));
    const usable = offer && (s.canRestore === undefined || s.canRestore.allowed) && s.name.length <= 150;
    if (usable) {
      row.accessory = button({
        actionId: suffixed(ActionId.requestRestoreSnapshot, i),
        text: 'Restore…',
        value: encodeValue({ vpsId: vps.id, snapshot: s.name }),
      });
    }
    blocks.push(row);
  });
  if (list.snapshots.length > shown.length) {
    blocks.push(context(`…and ${list.snapshots.length - shown.length} older ones.`));
  }
  if (gateClosed) {
    blocks.push(context(`Restoring is not available now: ${esc(list.canRestore?.reason ?? 'not allowed')}`));
  } else if (options.refusal) {
    blocks.push(context(`:no_entry: Not for you to restore: ${refusalText(options.refusal)}`));
  } else {
    blocks.push(context('Restoring asks another person to approve first; nothing runs before that.'));
  }
  return { text: `Snapshots of ${vps.name}`, blocks };
}

function age(from: string | number, to: string | number): string {
  const ms = Math.max(0, toMs(to) - toMs(from));
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

function toMs(t: string | number): number {
  return typeof t === 'number' ? t : Date.parse(t);
}
