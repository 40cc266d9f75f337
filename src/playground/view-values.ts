import type { Json } from '../simulator/slack/types.js';

/** What the page sends for one input: text, a chosen option's value, several values, or nothing. */
export type RawValue = string | string[] | null;
export type RawValues = Record<string, Record<string, RawValue>>;

/**
 * Turns what the page collected into Slack's `view.state.values` shape, looking each element up
 * in the view the bot sent: a select's `selected_option` is the option object the bot defined
 * (text and value), never something the page made up. Inputs the view does not have are dropped.
 */
export function stateValues(blocks: unknown, raw: RawValues): Record<string, Record<string, Json>> {
  const out: Record<string, Record<string, Json>> = {};
  for (const { blockId, element } of inputElements(blocks)) {
    const actionId = typeof element.action_id === 'string' ? element.action_id : undefined;
    if (actionId === undefined) continue;
    const value = raw[blockId]?.[actionId];
    out[blockId] = { ...out[blockId], [actionId]: stateOf(element, value ?? null) };
  }
  return out;
}

function stateOf(element: Json, value: RawValue): Json {
  const type = String(element.type);
  const one = Array.isArray(value) ? (value[0] ?? null) : value;
  switch (type) {
    case 'static_select':
    case 'radio_buttons':
      return {
        type,
        selected_option: one === null ? null : (optionsOf(element).find((o) => o.value === one) ?? null),
      };
    case 'checkboxes':
    case 'multi_static_select': {
      const chosen = Array.isArray(value) ? value : one === null ? [] : [one];
      return { type, selected_options: optionsOf(element).filter((o) => chosen.includes(String(o.value))) };
    }
    case 'datepicker':
      return { type, selected_date: one };
    default:
      return { type, value: one };
  }
}

/** Every option of a select-like element, flattening option groups. */
export function optionsOf(element: Json): Json[] {
  const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
  return [...list(element.options), ...list(element.option_groups).flatMap((g) => list(g.options))];
}

/** Elements that hold state: input blocks' element and interactive elements in actions blocks. */
function inputElements(blocks: unknown): { blockId: string; element: Json }[] {
  const found: { blockId: string; element: Json }[] = [];
  if (!Array.isArray(blocks)) return found;
  for (const block of blocks as Json[]) {
    const blockId = typeof block.block_id === 'string' ? block.block_id : undefined;
    if (blockId === undefined) continue;
    if (block.type === 'input' && isObject(block.element)) found.push({ blockId, element: block.element });
    if (block.type === 'actions' && Array.isArray(block.elements)) {
      for (const element of block.elements as Json[]) {
        if (isObject(element) && element.type !== 'button') found.push({ blockId, element });
      }
    }
  }
  return found;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
