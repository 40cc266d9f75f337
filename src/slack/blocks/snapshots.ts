import type { SnapshotList, Vps } from '../../domain/vps.js';
import { type Block, context, esc, type SlackMessage, section } from './elements.js';

/** `/vps snapshots <vps>`: name, age and expiry of each snapshot (they live about a day). */
export function renderSnapshots(vps: Vps, list: SnapshotList, now: number): SlackMessage {
  if (list.snapshots.length === 0) {
    const text = `*${esc(vps.name)}* has no snapshots.`;
    return { text, blocks: [section(text)] };
  }
  const rows = list.snapshots.slice(0, 40).map((s) => {
    const parts = [`*${esc(s.name)}*`];
    if (s.createdAt) parts.push(`taken ${age(s.createdAt, now)} ago`);
    if (s.expiresAt) parts.push(`expires in ${age(now, s.expiresAt)}`);
    if (s.includesMemoryState) parts.push('with memory');
    if (s.description) parts.push(esc(s.description));
    return parts.join(' · ');
  });
  const blocks: Block[] = [
    section(`*Snapshots of ${esc(vps.name)}* (${list.snapshots.length})\n${rows.join('\n')}`),
  ];
  if (list.canRestore && !list.canRestore.allowed) {
    blocks.push(context(`Restoring is not available now: ${esc(list.canRestore.reason ?? 'not allowed')}`));
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
