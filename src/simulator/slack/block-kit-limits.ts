import { checkElement, checkString, checkText, isObject, type Json } from './block-kit-objects.js';

/**
 * Slack's documented Block Kit limits as pure functions. Slack refuses a message that breaks one
 * (`invalid_blocks`), so the fake Slack enforces them and renderer tests reuse them. Each function
 * returns every problem found (empty = valid), each naming the JSON path and the limit, e.g.
 * "blocks[3].text.text is 3012 characters; the limit is 3000".
 *
 * `action_id`s must be unique within their block (Slack's documented rule: the same button may
 * appear once per row of a list); `block_id`s must be unique within the message or view.
 */

export const maxMessageBlocks = 50;
export const maxViewBlocks = 100;
export const maxMessageText = 4000;

const blockTypes = new Set([
  'section',
  'header',
  'divider',
  'actions',
  'context',
  'image',
  'input',
  'rich_text',
  'markdown',
  'video',
  'file',
]);

/** Plain `text` (≤ 4000) and `blocks` (≤ 50) of a chat message. */
export function validateMessage(message: { text?: unknown; blocks?: unknown }): string[] {
  const out: string[] = [];
  out.push(...validateMessageText(message.text));
  if (message.blocks !== undefined) out.push(...validateBlocks(message.blocks, maxMessageBlocks));
  return out;
}

/** Only the `text` check, separate because Slack answers it with `msg_too_long`, not `invalid_blocks`. */
export function validateMessageText(text: unknown): string[] {
  const out: string[] = [];
  checkString(text, 'text', maxMessageText, out);
  return out;
}

/** A modal (or Home tab) view: title, buttons, metadata and up to 100 blocks. */
export function validateView(view: unknown): string[] {
  if (!isObject(view)) return ['view must be an object'];
  const out: string[] = [];
  if (view.type !== 'modal' && view.type !== 'home') {
    out.push(`type must be "modal" or "home" (got ${JSON.stringify(view.type)})`);
  }
  const isModal = view.type === 'modal';
  checkText(view.title, 'title', { max: 24, plainOnly: true, required: isModal }, out);
  checkText(view.submit, 'submit', { max: 24, plainOnly: true }, out);
  checkText(view.close, 'close', { max: 24, plainOnly: true }, out);
  checkString(view.private_metadata, 'private_metadata', 3000, out);
  checkString(view.callback_id, 'callback_id', 255, out);
  checkString(view.external_id, 'external_id', 255, out);
  out.push(...validateBlocks(view.blocks, maxViewBlocks));
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
  if (isModal && hasInput && view.submit === undefined) {
    out.push('submit is required when the modal has input blocks');
  }
  return out;
}

/** A blocks array with at most `maxBlocks` blocks; paths start at `blocks[i]`. */
export function validateBlocks(blocks: unknown, maxBlocks: number): string[] {
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  const out: string[] = [];
  if (blocks.length > maxBlocks) out.push(`blocks has ${blocks.length} blocks; the limit is ${maxBlocks}`);
  const blockIds = new Map<string, string>();
  blocks.forEach((block, i) => {
    const path = `blocks[${i}]`;
    if (!isObject(block)) {
      out.push(`${path} must be a block object`);
      return;
    }
    checkString(block.block_id, `${path}.block_id`, 255, out);
    if (typeof block.block_id === 'string') {
      const first = blockIds.get(block.block_id);
      if (first !== undefined) out.push(`${path}.block_id "${block.block_id}" is also used by ${first}`);
      else blockIds.set(block.block_id, path);
    }
    checkBlock(block, path, out);
    checkUniqueActionIds(block, path, out);
  });
  return out;
}

function checkBlock(block: Json, path: string, out: string[]): void {
  const type = block.type;
  if (typeof type !== 'string' || !blockTypes.has(type)) {
    out.push(`${path}.type ${JSON.stringify(type)} is not a known block type`);
    return;
  }
  switch (type) {
    case 'section':
      checkSection(block, path, out);
      break;
    case 'header':
      checkText(block.text, `${path}.text`, { max: 150, plainOnly: true, required: true }, out);
      break;
    case 'actions':
      checkElementList(block.elements, `${path}.elements`, 25, out, checkElement);
      break;
    case 'context':
      checkElementList(block.elements, `${path}.elements`, 10, out, checkContextElement);
      break;
    case 'image':
      checkString(block.image_url, `${path}.image_url`, 3000, out, {
        required: block.slack_file === undefined,
      });
      checkString(block.alt_text, `${path}.alt_text`, 2000, out, { required: true });
      checkText(block.title, `${path}.title`, { max: 2000, plainOnly: true }, out);
      break;
    case 'input':
      checkText(block.label, `${path}.label`, { max: 2000, plainOnly: true, required: true }, out);
      checkText(block.hint, `${path}.hint`, { max: 2000, plainOnly: true }, out);
      if (block.element === undefined) out.push(`${path}.element is required`);
      else checkElement(block.element, `${path}.element`, out);
      break;
    case 'markdown':
      checkString(block.text, `${path}.text`, 12000, out, { required: true });
      break;
    default:
      // divider has no fields; rich_text, video and file are accepted as Slack's clients send them.
      break;
  }
}

function checkSection(block: Json, path: string, out: string[]): void {
  if (block.text === undefined && block.fields === undefined) out.push(`${path} needs text or fields`);
  checkText(block.text, `${path}.text`, { max: 3000 }, out);
  if (block.fields !== undefined) {
    if (!Array.isArray(block.fields)) out.push(`${path}.fields must be an array`);
    else {
      if (block.fields.length > 10)
        out.push(`${path}.fields has ${block.fields.length} items; the limit is 10`);
      block.fields.forEach((field: unknown, i: number) => {
        checkText(field, `${path}.fields[${i}]`, { max: 2000, required: true }, out);
      });
    }
  }
  if (block.accessory !== undefined) checkElement(block.accessory, `${path}.accessory`, out);
}

function checkContextElement(element: unknown, path: string, out: string[]): void {
  if (isObject(element) && element.type === 'image') checkElement(element, path, out);
  else checkText(element, path, { max: 3000 }, out);
}

function checkElementList(
  elements: unknown,
  path: string,
  max: number,
  out: string[],
  check: (element: unknown, path: string, out: string[]) => void,
): void {
  if (!Array.isArray(elements) || elements.length === 0) {
    out.push(`${path} must be a non-empty array`);
    return;
  }
  if (elements.length > max) out.push(`${path} has ${elements.length} elements; the limit is ${max}`);
  elements.forEach((element, i) => {
    check(element, `${path}[${i}]`, out);
  });
}

function checkUniqueActionIds(block: Json, path: string, out: string[]): void {
  const located: [string, unknown][] = [];
  if (Array.isArray(block.elements)) {
    block.elements.forEach((e: unknown, i: number) => {
      located.push([`${path}.elements[${i}]`, e]);
    });
  }
  if (block.accessory !== undefined) located.push([`${path}.accessory`, block.accessory]);
  const seen = new Map<string, string>();
  for (const [elementPath, element] of located) {
    if (!isObject(element) || typeof element.action_id !== 'string') continue;
    const first = seen.get(element.action_id);
    if (first !== undefined) {
      out.push(`${elementPath}.action_id "${element.action_id}" is also used by ${first} in the same block`);
    } else seen.set(element.action_id, elementPath);
  }
}
