import type { Vps } from '../../domain/vps.js';
import { encodeValue } from '../action-values.js';
import { ActionId, slashCommand } from '../ids.js';
import { actions, type Block, button, context, esc, type SlackMessage, section } from './elements.js';
import { vpsLine } from './vps-format.js';

/** Rows per message: 25 lines stay well inside one 3000-character section, twice over. */
export const listPageSize = 25;
const rowsPerSection = 12;

/**
 * The `/vps list` card: a compact line per VPS, one page at a time, with a "Show more" button.
 * Stays within Slack's block limits for any inventory size.
 */
export function renderVpsList(args: { vpses: readonly Vps[]; filter: string; offset: number }): SlackMessage {
  const { vpses, filter, offset } = args;
  const page = vpses.slice(offset, offset + listPageSize);
  const scope = filter ? ` matching “${esc(filter)}”` : '';
  if (vpses.length === 0) {
    const text = filter
      ? `No VPS matches “${esc(filter)}”. Try \`${slashCommand} list\` to see them all.`
      : 'This account has no VPSes.';
    return { text, blocks: [section(text)] };
  }
  const blocks: Block[] = [
    section(
      `*${vpses.length} VPS${vpses.length === 1 ? '' : 'es'}*${scope} — showing ${offset + 1}–${offset + page.length}`,
    ),
  ];
  for (let i = 0; i < page.length; i += rowsPerSection) {
    blocks.push(
      section(
        page
          .slice(i, i + rowsPerSection)
          .map(vpsLine)
          .join('\n'),
      ),
    );
  }
  const next = offset + page.length;
  if (next < vpses.length) {
    blocks.push(
      actions('vps_list_more', [
        button({
          actionId: ActionId.listMore,
          text: `Show more (${vpses.length - next} left)`,
          value: encodeValue({ filter, offset: next }),
        }),
      ]),
    );
  }
  blocks.push(
    context(`\`${slashCommand} show <vps>\` for details · \`${slashCommand} list <text>\` to filter`),
  );
  return { text: `${vpses.length} VPSes${filter ? ` matching ${filter}` : ''}`, blocks };
}
