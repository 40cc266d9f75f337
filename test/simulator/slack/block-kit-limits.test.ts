import { describe, expect, it } from 'vitest';
import { validateMessage, validateView } from '../../../src/simulator/slack/block-kit-limits.js';

const chars = (n: number) => 'x'.repeat(n);
const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string) => ({ type: 'section', text: mrkdwn(text) });
const button = (overrides: Record<string, unknown> = {}) => ({
  type: 'button',
  text: plain('Go'),
  action_id: 'go',
  value: 'v',
  ...overrides,
});
const actions = (...elements: unknown[]) => ({ type: 'actions', elements });
const option = (text: string, value: string) => ({ text: plain(text), value });
const options = (n: number) => Array.from({ length: n }, (_, i) => option(`o${i}`, `v${i}`));
const confirm = (overrides: Record<string, unknown> = {}) => ({
  title: plain('Sure?'),
  text: plain('This restarts the server.'),
  confirm: plain('Restart'),
  deny: plain('Cancel'),
  ...overrides,
});
const modal = (overrides: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: plain('Restore'),
  blocks: [section('hi')],
  ...overrides,
});

/** [limit, a message at the limit, the same message one step past it, the problem expected]. */
const messageCases: [string, unknown[], unknown[], string][] = [
  [
    '50 blocks per message',
    Array(50).fill({ type: 'divider' }),
    Array(51).fill({ type: 'divider' }),
    'blocks has 51 blocks; the limit is 50',
  ],
  [
    'section text ≤ 3000',
    [section(chars(3000))],
    [{ type: 'divider' }, section(chars(3012))],
    'blocks[1].text.text is 3012 characters; the limit is 3000',
  ],
  [
    'section fields ≤ 10',
    [{ type: 'section', fields: Array(10).fill(mrkdwn('a')) }],
    [{ type: 'section', fields: Array(11).fill(mrkdwn('a')) }],
    'blocks[0].fields has 11 items; the limit is 10',
  ],
  [
    'section field ≤ 2000',
    [{ type: 'section', fields: [mrkdwn(chars(2000))] }],
    [{ type: 'section', fields: [mrkdwn(chars(2001))] }],
    'blocks[0].fields[0].text is 2001 characters; the limit is 2000',
  ],
  [
    'header ≤ 150',
    [{ type: 'header', text: plain(chars(150)) }],
    [{ type: 'header', text: plain(chars(151)) }],
    'blocks[0].text.text is 151 characters; the limit is 150',
  ],
  [
    'header is plain_text',
    [{ type: 'header', text: plain('Hi') }],
    [{ type: 'header', text: mrkdwn('Hi') }],
    'blocks[0].text.type must be plain_text (got mrkdwn)',
  ],
  [
    'button text ≤ 75',
    [actions(button({ text: plain(chars(75)) }))],
    [actions(button({ text: plain(chars(76)) }))],
    'blocks[0].elements[0].text.text is 76 characters; the limit is 75',
  ],
  [
    'action_id ≤ 255',
    [actions(button({ action_id: chars(255) }))],
    [actions(button({ action_id: chars(256) }))],
    'blocks[0].elements[0].action_id is 256 characters; the limit is 255',
  ],
  [
    'block_id ≤ 255',
    [{ type: 'divider', block_id: chars(255) }],
    [{ type: 'divider', block_id: chars(256) }],
    'blocks[0].block_id is 256 characters; the limit is 255',
  ],
  [
    'block_id unique',
    [
      { type: 'divider', block_id: 'a' },
      { type: 'divider', block_id: 'b' },
    ],
    [
      { type: 'divider', block_id: 'a' },
      { type: 'divider', block_id: 'a' },
    ],
    'blocks[1].block_id "a" is also used by blocks[0]',
  ],
  [
    'action_id unique within a block',
    [actions(button({ action_id: 'a' })), actions(button({ action_id: 'a' }))],
    [actions(button({ action_id: 'a' }), button({ action_id: 'a' }))],
    'blocks[0].elements[1].action_id "a" is also used by blocks[0].elements[0] in the same block',
  ],
  [
    'button value ≤ 2000',
    [actions(button({ value: chars(2000) }))],
    [actions(button({ value: chars(2001) }))],
    'blocks[0].elements[0].value is 2001 characters; the limit is 2000',
  ],
  [
    'static_select ≤ 100 options',
    [actions({ type: 'static_select', action_id: 's', options: options(100) })],
    [actions({ type: 'static_select', action_id: 's', options: options(101) })],
    'blocks[0].elements[0].options has 101 options; the limit is 100',
  ],
  [
    'option text ≤ 75',
    [actions({ type: 'static_select', options: [option(chars(75), 'v')] })],
    [actions({ type: 'static_select', options: [option(chars(76), 'v')] })],
    'blocks[0].elements[0].options[0].text.text is 76 characters; the limit is 75',
  ],
  [
    'option value ≤ 150',
    [actions({ type: 'static_select', options: [option('a', chars(150))] })],
    [actions({ type: 'static_select', options: [option('a', chars(151))] })],
    'blocks[0].elements[0].options[0].value is 151 characters; the limit is 150',
  ],
  [
    'overflow ≤ 5 options',
    [actions({ type: 'overflow', options: options(5) })],
    [actions({ type: 'overflow', options: options(6) })],
    'blocks[0].elements[0].options has 6 options; the limit is 5',
  ],
  [
    'overflow ≥ 2 options',
    [actions({ type: 'overflow', options: options(2) })],
    [actions({ type: 'overflow', options: options(1) })],
    'blocks[0].elements[0].options has 1 options; at least 2 are required',
  ],
  [
    'context ≤ 10 elements',
    [{ type: 'context', elements: Array(10).fill(mrkdwn('a')) }],
    [{ type: 'context', elements: Array(11).fill(mrkdwn('a')) }],
    'blocks[0].elements has 11 elements; the limit is 10',
  ],
  [
    'actions ≤ 25 elements',
    [actions(...Array.from({ length: 25 }, (_, i) => button({ action_id: `b${i}` })))],
    [actions(...Array.from({ length: 26 }, (_, i) => button({ action_id: `b${i}` })))],
    'blocks[0].elements has 26 elements; the limit is 25',
  ],
  [
    'text objects have a known type',
    [section('ok')],
    [{ type: 'section', text: { type: 'markdown', text: 'x' } }],
    'blocks[0].text.type must be plain_text or mrkdwn (got "markdown")',
  ],
  [
    'text objects have non-empty text',
    [section('ok')],
    [section('')],
    'blocks[0].text.text must be a non-empty string',
  ],
  [
    'emoji only on plain_text',
    [{ type: 'section', text: { ...plain('a'), emoji: true } }],
    [{ type: 'section', text: { ...mrkdwn('a'), emoji: true } }],
    'blocks[0].text.emoji is only allowed on plain_text',
  ],
  [
    'text objects take no extra fields',
    [section('ok')],
    [{ type: 'section', text: { ...mrkdwn('a'), color: 'red' } }],
    'blocks[0].text.color is not a text object field',
  ],
  [
    'confirm title ≤ 100',
    [actions(button({ confirm: confirm({ title: plain(chars(100)) }) }))],
    [actions(button({ confirm: confirm({ title: plain(chars(101)) }) }))],
    'blocks[0].elements[0].confirm.title.text is 101 characters; the limit is 100',
  ],
  [
    'confirm text ≤ 300',
    [actions(button({ confirm: confirm({ text: plain(chars(300)) }) }))],
    [actions(button({ confirm: confirm({ text: plain(chars(301)) }) }))],
    'blocks[0].elements[0].confirm.text.text is 301 characters; the limit is 300',
  ],
  [
    'confirm button ≤ 30',
    [actions(button({ confirm: confirm({ confirm: plain(chars(30)) }) }))],
    [actions(button({ confirm: confirm({ confirm: plain(chars(31)) }) }))],
    'blocks[0].elements[0].confirm.confirm.text is 31 characters; the limit is 30',
  ],
  [
    'confirm deny ≤ 30 plain_text',
    [actions(button({ confirm: confirm({ deny: plain(chars(30)) }) }))],
    [actions(button({ confirm: confirm({ deny: mrkdwn('No') }) }))],
    'blocks[0].elements[0].confirm.deny.type must be plain_text (got mrkdwn)',
  ],
  [
    'confirm needs all four texts',
    [actions(button({ confirm: confirm() }))],
    [actions(button({ confirm: confirm({ deny: undefined }) }))],
    'blocks[0].elements[0].confirm.deny is required',
  ],
  [
    'unknown block types are refused',
    [{ type: 'divider' }],
    [{ type: 'carousel' }],
    'blocks[0].type "carousel" is not a known block type',
  ],
  [
    'unknown element types are refused',
    [actions(button())],
    [actions({ type: 'slider', action_id: 's' })],
    'blocks[0].elements[0].type "slider" is not a known element type',
  ],
  ['section needs text or fields', [section('a')], [{ type: 'section' }], 'blocks[0] needs text or fields'],
];

describe('validateMessage', () => {
  it.each(messageCases)(
    'accepts a message within "%s" and names the broken limit past it',
    (_n, ok, bad, problem) => {
      expect(validateMessage({ blocks: ok })).toEqual([]);
      expect(validateMessage({ blocks: bad })).toContain(problem);
    },
  );

  it('limits plain message text to 4000 characters', () => {
    expect(validateMessage({ text: chars(4000) })).toEqual([]);
    expect(validateMessage({ text: chars(4001) })).toEqual(['text is 4001 characters; the limit is 4000']);
  });

  it('reports every problem at once, not only the first', () => {
    const problems = validateMessage({ text: chars(4001), blocks: [section(chars(3001)), { type: 'nope' }] });
    expect(problems).toHaveLength(3);
  });

  it('refuses blocks that are not an array', () => {
    expect(validateMessage({ blocks: { type: 'divider' } })).toEqual(['blocks must be an array']);
  });
});

/** [limit, a view at the limit, one past it, the problem expected]. */
const viewCases: [string, unknown, unknown, string][] = [
  [
    '100 blocks per modal',
    modal({ blocks: Array(100).fill({ type: 'divider' }) }),
    modal({ blocks: Array(101).fill({ type: 'divider' }) }),
    'blocks has 101 blocks; the limit is 100',
  ],
  [
    'title ≤ 24',
    modal({ title: plain(chars(24)) }),
    modal({ title: plain(chars(25)) }),
    'title.text is 25 characters; the limit is 24',
  ],
  ['title is required on a modal', modal(), modal({ title: undefined }), 'title is required'],
  [
    'submit ≤ 24',
    modal({ submit: plain(chars(24)) }),
    modal({ submit: plain(chars(25)) }),
    'submit.text is 25 characters; the limit is 24',
  ],
  [
    'close ≤ 24',
    modal({ close: plain(chars(24)) }),
    modal({ close: plain(chars(25)) }),
    'close.text is 25 characters; the limit is 24',
  ],
  [
    'private_metadata ≤ 3000',
    modal({ private_metadata: chars(3000) }),
    modal({ private_metadata: chars(3001) }),
    'private_metadata is 3001 characters; the limit is 3000',
  ],
  [
    'input blocks need a submit button',
    modal({
      submit: plain('Send'),
      blocks: [
        { type: 'input', label: plain('Why'), element: { type: 'plain_text_input', action_id: 'why' } },
      ],
    }),
    modal({
      blocks: [
        { type: 'input', label: plain('Why'), element: { type: 'plain_text_input', action_id: 'why' } },
      ],
    }),
    'submit is required when the modal has input blocks',
  ],
  [
    'block_id unique in a view',
    modal({ blocks: [{ type: 'divider', block_id: 'a' }] }),
    modal({
      blocks: [
        { type: 'divider', block_id: 'a' },
        { type: 'divider', block_id: 'a' },
      ],
    }),
    'blocks[1].block_id "a" is also used by blocks[0]',
  ],
  [
    'view type is modal or home',
    modal(),
    modal({ type: 'workflow_step' }),
    'type must be "modal" or "home" (got "workflow_step")',
  ],
];

describe('validateView', () => {
  it.each(viewCases)(
    'accepts a view within "%s" and names the broken limit past it',
    (_n, ok, bad, problem) => {
      expect(validateView(ok)).toEqual([]);
      expect(validateView(bad)).toContain(problem);
    },
  );

  it('refuses something that is not an object', () => {
    expect(validateView('modal')).toEqual(['view must be an object']);
  });
});
