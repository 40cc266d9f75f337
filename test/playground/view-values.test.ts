import { describe, expect, it } from 'vitest';
import { stateValues } from '../../src/playground/view-values.js';

const blocks = [
  {
    type: 'input',
    block_id: 'snapshot',
    element: {
      type: 'static_select',
      action_id: 'pick',
      options: [
        { text: { type: 'plain_text', text: 'before-upgrade (6 h ago)' }, value: 'before-upgrade' },
        { text: { type: 'plain_text', text: 'nightly' }, value: 'nightly' },
      ],
    },
  },
  { type: 'input', block_id: 'reason', element: { type: 'plain_text_input', action_id: 'text' } },
  { type: 'section', text: { type: 'mrkdwn', text: 'no state here' } },
];

describe('view state values', () => {
  it('gives a select the option object the bot defined, and text inputs their value', () => {
    expect(
      stateValues(blocks, { snapshot: { pick: 'before-upgrade' }, reason: { text: 'rollback' } }),
    ).toEqual({
      snapshot: {
        pick: {
          type: 'static_select',
          selected_option: {
            text: { type: 'plain_text', text: 'before-upgrade (6 h ago)' },
            value: 'before-upgrade',
          },
        },
      },
      reason: { text: { type: 'plain_text_input', value: 'rollback' } },
    });
  });

  it('never invents an option the view does not offer, and reports empty inputs as null', () => {
    const values = stateValues(blocks, { snapshot: { pick: 'made-up' }, extra: { x: 'y' } });
    expect(values.snapshot?.pick).toEqual({ type: 'static_select', selected_option: null });
    expect(values.reason?.text).toEqual({ type: 'plain_text_input', value: null });
    expect(values).not.toHaveProperty('extra');
  });
});
