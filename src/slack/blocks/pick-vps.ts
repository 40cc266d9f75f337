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
  const lines = shown.map((v) => `${vpsLine(v)}${v.hostname ? ` · \`${esc(v.hostname)}\`` : ''}`);
  const blocks: Block[] = [section(`${text}\n${lines.join('\n')}`), pickButtons(shown, intent)];
  return { text, blocks };
}

/**
 * Nothing matches: say so, and offer the closest VPSes as buttons that carry on with what was
 * asked (show it, or the same action on it), each still confirmed like a typed command.
 */
export function renderNotFound(query: string, suggestions: readonly Vps[], intent: PickIntent): SlackMessage {
  const names = suggestions.map((s) => `*${esc(s.name)}*`);
  const hint =
    names.length > 0
      ? ` Did you mean ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`}?`
      : ` See \`${slashCommand} list\` for the names.`;
  const text = `No VPS is called “${esc(query)}” (by name, hostname, IP or id).${hint}`;
  const blocks: Block[] = [section(text)];
  if (suggestions.length > 0) blocks.push(pickButtons(suggestions, intent));
  return { text, blocks };
}

function pickButtons(vpses: readonly Vps[], intent: PickIntent): Block {
  return actions(
    'vps_pick',
    vpses.map((vps, i) =>
      intent.kind === 'show'
        ? button({ actionId: suffixed(ActionId.showVps, i), text: vps.name, value: vps.id })
        : button({ actionId: suffixed(intent.actionId, i), text: vps.name, value: intent.value(vps) }),
    ),
  );
}
