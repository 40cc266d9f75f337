import type { types } from '@slack/bolt';

/**
 * Small builders for the Block Kit pieces every surface uses, so renderers read as layouts and
 * the limits that bite (lengths, escaping) are handled in one place.
 */

export type Block = types.KnownBlock;
export type ButtonElement = types.Button;

/** What a renderer returns for a message: `text` is the notification fallback. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: Block[];
}

/** Slack's mrkdwn treats `&`, `<` and `>` as control characters; anything a person typed is escaped. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts `text` to `max` characters (Slack rejects longer fields), marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const mention = (userId: string) => `<@${userId}>`;

export function section(markdown: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(markdown, 3000) } };
}

export function fields(pairs: readonly (readonly [string, string])[]): types.SectionBlock {
  return {
    type: 'section',
    fields: pairs.slice(0, 10).map(([label, value]) => ({
      type: 'mrkdwn',
      text: truncate(`*${label}*\n${value}`, 2000),
    })),
  };
}

export function header(text: string): types.HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, 150), emoji: true } };
}

export function context(...markdown: string[]): types.ContextBlock {
  return {
    type: 'context',
    elements: markdown.slice(0, 10).map((text) => ({ type: 'mrkdwn', text: truncate(text, 3000) })),
  };
}

export function actions(blockId: string, elements: types.ActionsBlockElement[]): types.ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: elements.slice(0, 25) };
}

export function divider(): types.DividerBlock {
  return { type: 'divider' };
}

export interface ConfirmDialog {
  readonly title: string;
  readonly text: string;
  readonly confirm: string;
  readonly deny?: string;
}

export function button(args: {
  actionId: string;
  text: string;
  value: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmDialog;
}): ButtonElement {
  const element: ButtonElement = {
    type: 'button',
    action_id: args.actionId,
    text: { type: 'plain_text', text: truncate(args.text, 75), emoji: true },
    value: args.value,
  };
  if (args.style) element.style = args.style;
  if (args.confirm) {
    element.confirm = {
      title: { type: 'plain_text', text: truncate(args.confirm.title, 100) },
      text: { type: 'mrkdwn', text: truncate(args.confirm.text, 300) },
      confirm: { type: 'plain_text', text: truncate(args.confirm.confirm, 30) },
      deny: { type: 'plain_text', text: truncate(args.confirm.deny ?? 'Cancel', 30) },
    };
    if (args.style === 'danger') element.confirm.style = 'danger';
  }
  return element;
}

/** A message with one line of text, for notices and errors. */
export function plainMessage(markdown: string): SlackMessage {
  return { text: truncate(markdown, 3000), blocks: [section(markdown)] };
}
