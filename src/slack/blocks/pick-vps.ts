import type { Vps } from '../../domain/vps.js';
import type { ActionId as ActionIdType } from '../ids.js';
import { ActionId, slashCommand, suffixed } from '../ids.js';
import { actions, type Block, button, esc, type SlackMessage, section } from './elements.js';
import { vpsLine } from './vps-format.js';

/** What to do once a person picked one of several matches: show it, or continue an action. */
export type PickIntent =
  | { readonly kind: 'show' }
  | { readonly kind: 'button'; readonly actionId: ActionIdType; readonly value: (vps: Vps) => string };

/** Several VPSes match what was typed: one button per candidate (at most 20), never a guess. */
export function renderAmbiguous(query: string, candidates: readonly Vps[], intent: PickIntent): SlackMessage {
  const shown = candidates.slice(0, 20);
  const text = `“${esc(query)}” matches ${candidates.length} VPSes. Which one did you mean?`;
  const blocks: Block[] = [section(`${text}\n${shown.map(vpsLine).join('\n')}`)];
  blocks.push(
    actions(
      'vps_pick',
      shown.map((vps, i) =>
        intent.kind === 'show'
          ? button({ actionId: suffixed(ActionId.showVps, i), text: vps.name, value: vps.id })
          : button({ actionId: suffixed(intent.actionId, i), text: vps.name, value: intent.value(vps) }),
      ),
    ),
  );
  return { text, blocks };
}

/** Nothing matches: say so, and suggest the closest names. */
export function renderNotFound(query: string, suggestions: readonly string[]): SlackMessage {
  const hint =
    suggestions.length > 0
      ? ` Did you mean ${suggestions.map((s) => `*${esc(s)}*`).join(', ')}?`
      : ` See \`${slashCommand} list\` for the names.`;
  const text = `No VPS is called “${esc(query)}” (by name, hostname, IP or id).${hint}`;
  return { text, blocks: [section(text)] };
}
