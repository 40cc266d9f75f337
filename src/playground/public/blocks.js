// Block Kit → DOM, for the blocks this bot sends: section (text, fields, accessory), header,
// context, divider, actions (button, static_select, overflow), input (plain_text_input,
// static_select, radio_buttons) and image (shown by its alt text: nothing is fetched).
import { decodeEntities, emojiFor, renderMrkdwn } from './mrkdwn.js';

/**
 * `ctx`: { userName(id), channelName(id), act({actionId, blockId, value}), confirm(dialog) → Promise<boolean>,
 * register?(blockId, actionId, read) for inputs in a modal, errors?: {blockId: message} }.
 */
export function renderBlocks(blocks, ctx) {
  const root = el('div', 'blocks');
  for (const block of Array.isArray(blocks) ? blocks : []) root.append(renderBlock(block, ctx));
  return root;
}

/** A text object: mrkdwn is parsed, plain_text is shown as typed (emoji codes become emoji). */
export function renderText(text, ctx, className) {
  const node = el('div', className ?? 'text');
  if (!text) return node;
  if (text.type === 'mrkdwn') node.append(renderMrkdwn(text.text, ctx));
  else node.append(plain(text.text));
  return node;
}

export function plain(text) {
  return String(text ?? '').replace(/:([a-z0-9_+-]+):/g, (whole, name) => emojiFor(name) ?? whole);
}

function renderBlock(block, ctx) {
  switch (block?.type) {
    case 'section':
      return section(block, ctx);
    case 'header':
      return el('h3', 'block-header', plain(block.text?.text));
    case 'context': {
      const node = el('div', 'block-context');
      for (const item of block.elements ?? []) {
        node.append(
          item.type === 'image'
            ? el('span', 'image-alt', `[${item.alt_text ?? 'image'}]`)
            : renderText(item, ctx, 'context-item'),
        );
      }
      return node;
    }
    case 'divider':
      return el('hr', 'block-divider');
    case 'actions': {
      const node = el('div', 'block-actions');
      for (const element of block.elements ?? []) node.append(renderElement(element, block.block_id, ctx));
      return node;
    }
    case 'input':
      return input(block, ctx);
    case 'image':
      return el('div', 'image-alt', `[image: ${block.alt_text ?? ''}]`);
    default:
      return el('div', 'unsupported', `[${block?.type ?? 'unknown'} block: not shown in the playground]`);
  }
}

function section(block, ctx) {
  const node = el('div', 'block-section');
  const main = el('div', 'section-main');
  if (block.text) main.append(renderText(block.text, ctx, 'section-text'));
  if (Array.isArray(block.fields)) {
    const grid = el('div', 'section-fields');
    for (const field of block.fields) grid.append(renderText(field, ctx, 'field'));
    main.append(grid);
  }
  node.append(main);
  if (block.accessory)
    node.append(el('div', 'accessory', renderElement(block.accessory, block.block_id, ctx)));
  return node;
}

/** An interactive element in a message (or in a modal's section/actions block). */
function renderElement(element, blockId, ctx) {
  switch (element.type) {
    case 'button':
      return button(element, blockId, ctx);
    case 'static_select':
      return select(element, (value) => pressed(element, blockId, ctx, value), ctx, blockId);
    case 'overflow':
      return overflow(element, blockId, ctx);
    case 'image':
      return el('span', 'image-alt', `[${element.alt_text ?? 'image'}]`);
    default:
      return el('span', 'unsupported', `[${element.type}]`);
  }
}

function button(element, blockId, ctx) {
  const node = el('button', `btn${element.style ? ` btn-${element.style}` : ''}`, plain(element.text?.text));
  node.type = 'button';
  node.dataset.actionId = element.action_id;
  node.addEventListener('click', () => pressed(element, blockId, ctx, element.value));
  return node;
}

/** Slack shows the element's confirm dialog first; only "confirm" sends the action. */
async function pressed(element, blockId, ctx, value) {
  if (element.confirm && !(await ctx.confirm(element.confirm))) return;
  await ctx.act({ actionId: element.action_id, blockId, value });
}

function options(element) {
  return [
    ...(element.options ?? []).map((o) => ({ group: null, option: o })),
    ...(element.option_groups ?? []).flatMap((g) =>
      (g.options ?? []).map((o) => ({ group: g.label?.text, option: o })),
    ),
  ];
}

function select(element, onChange, ctx, blockId) {
  const node = el('select', 'select');
  node.dataset.actionId = element.action_id;
  node.setAttribute('aria-label', plain(element.placeholder?.text ?? 'Choose an option'));
  const placeholder = el('option', null, plain(element.placeholder?.text ?? 'Choose…'));
  placeholder.value = '';
  node.append(placeholder);
  for (const { group, option } of options(element)) {
    const item = el(
      'option',
      null,
      `${group ? `${plain(group)} · ` : ''}${plain(decodeEntities(option.text?.text ?? ''))}`,
    );
    item.value = option.value;
    node.append(item);
  }
  if (element.initial_option) node.value = element.initial_option.value;
  node.addEventListener('change', () => {
    if (node.value !== '') onChange(node.value);
  });
  ctx.register?.(blockId, element.action_id, () => (node.value === '' ? null : node.value));
  return node;
}

function overflow(element, blockId, ctx) {
  const wrap = el('div', 'overflow');
  const toggle = el('button', 'btn btn-overflow', '⋯');
  toggle.type = 'button';
  toggle.dataset.actionId = element.action_id;
  toggle.setAttribute('aria-label', 'More actions');
  const menu = el('div', 'overflow-menu');
  menu.hidden = true;
  menu.setAttribute('role', 'menu');
  for (const { option } of options(element)) {
    const item = el('button', 'overflow-item', plain(option.text?.text));
    item.type = 'button';
    item.setAttribute('role', 'menuitem');
    item.addEventListener('click', () => {
      menu.hidden = true;
      pressed(element, blockId, ctx, option.value);
    });
    menu.append(item);
  }
  toggle.addEventListener('click', () => {
    menu.hidden = !menu.hidden;
  });
  wrap.append(toggle, menu);
  return wrap;
}

/** An input block in a modal: label, element, hint, "(optional)", and the bot's error for it. */
function input(block, ctx) {
  const node = el('div', 'block-input');
  const id = `in-${block.block_id}-${block.element?.action_id}`;
  const label = el('label', 'input-label', plain(block.label?.text));
  label.htmlFor = id;
  if (block.optional) label.append(el('span', 'optional', ' (optional)'));
  node.append(label);
  const element = block.element ?? {};
  const dispatch = block.dispatch_action === true;
  const fire = (value) => ctx.act({ actionId: element.action_id, blockId: block.block_id, value });
  let control;
  if (element.type === 'plain_text_input') {
    control = el(element.multiline ? 'textarea' : 'input', 'text-input');
    if (element.placeholder) control.placeholder = plain(element.placeholder.text);
    if (element.initial_value) control.value = element.initial_value;
    if (element.max_length) control.maxLength = element.max_length;
    const read = () => (control.value === '' ? null : control.value);
    ctx.register?.(block.block_id, element.action_id, read);
    if (dispatch) {
      const onCharacter =
        element.dispatch_action_config?.trigger_actions_on?.includes('on_character_entered');
      control.addEventListener(onCharacter ? 'input' : 'keydown', (event) => {
        if (onCharacter || (event.key === 'Enter' && !element.multiline)) fire(control.value);
      });
    }
  } else if (element.type === 'static_select') {
    control = select(element, (value) => dispatch && fire(value), ctx, block.block_id);
  } else if (element.type === 'radio_buttons') {
    control = radios(element, block.block_id, ctx, dispatch ? fire : null);
  } else {
    control = el('div', 'unsupported', `[${element.type} input: not shown in the playground]`);
  }
  control.id = id;
  node.append(control);
  if (block.hint) node.append(el('div', 'input-hint', plain(block.hint.text)));
  const error = ctx.errors?.[block.block_id];
  if (error) node.append(el('div', 'input-error', error));
  node.dataset.blockId = block.block_id;
  node.dataset.optional = block.optional ? 'true' : 'false';
  return node;
}

function radios(element, blockId, ctx, fire) {
  const node = el('div', 'radios');
  node.setAttribute('role', 'radiogroup');
  const name = `radio-${blockId}-${element.action_id}`;
  for (const { option } of options(element)) {
    const label = el('label', 'radio');
    const radio = el('input');
    radio.type = 'radio';
    radio.name = name;
    radio.value = option.value;
    radio.checked = element.initial_option?.value === option.value;
    radio.addEventListener('change', () => fire?.(option.value));
    label.append(radio, ` ${plain(option.text?.text)}`);
    node.append(label);
  }
  ctx.register?.(blockId, element.action_id, () => node.querySelector('input:checked')?.value ?? null);
  return node;
}

export function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children) if (child !== undefined && child !== null) node.append(child);
  return node;
}
