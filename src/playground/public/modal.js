// Overlays: a button's confirm dialog, and the bot's modals (views) with inputs, submit and close.
import { el, plain, renderBlocks, renderText } from './blocks.js';

/** Shows a Block Kit confirm object; resolves true only when the person confirms. */
export function confirmDialog(confirm, ctx) {
  return new Promise((resolve) => {
    const backdrop = el('div', 'backdrop');
    const box = el('div', 'dialog confirm-dialog');
    box.setAttribute('role', 'alertdialog');
    box.setAttribute('aria-modal', 'true');
    box.setAttribute('aria-label', plain(confirm.title?.text ?? 'Are you sure?'));
    const yes = el(
      'button',
      `btn ${confirm.style === 'danger' ? 'btn-danger' : 'btn-primary'}`,
      plain(confirm.confirm?.text ?? 'Yes'),
    );
    const no = el('button', 'btn', plain(confirm.deny?.text ?? 'Cancel'));
    yes.type = 'button';
    no.type = 'button';
    const done = (answer) => {
      backdrop.remove();
      document.removeEventListener('keydown', onKey);
      resolve(answer);
    };
    const onKey = (event) => {
      if (event.key === 'Escape') done(false);
    };
    yes.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    document.addEventListener('keydown', onKey);
    box.append(
      el('h2', 'dialog-title', plain(confirm.title?.text ?? 'Are you sure?')),
      renderText(confirm.text, ctx, 'dialog-text'),
      el('div', 'dialog-buttons', no, yes),
    );
    backdrop.append(box);
    document.body.append(backdrop);
    yes.focus();
  });
}

/**
 * Draws the modal on top of the person's stack. `ctx.act` sends block actions from inside it;
 * `onSubmit(values)` and `onClose()` talk to the server. Required inputs are checked here first,
 * as Slack's client does, so an empty form never reaches the bot.
 */
export function renderModal(modal, ctx, { onSubmit, onClose }) {
  const readers = new Map();
  const view = modal.view;
  const backdrop = el('div', 'backdrop');
  const box = el('form', 'dialog modal');
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-modal', 'true');
  box.setAttribute('aria-label', plain(view.title?.text ?? 'Modal'));
  box.dataset.viewId = modal.id;
  const values = () => {
    const out = {};
    for (const [key, read] of readers) {
      const [blockId, actionId] = JSON.parse(key);
      out[blockId] ??= {};
      out[blockId][actionId] = read();
    }
    return out;
  };
  const modalCtx = {
    ...ctx,
    errors: modal.errors,
    register: (blockId, actionId, read) => readers.set(JSON.stringify([blockId, actionId]), read),
    act: (action) => ctx.act({ ...action, values: values() }),
  };
  const close = el('button', 'btn', plain(view.close?.text ?? 'Cancel'));
  close.type = 'button';
  close.addEventListener('click', onClose);
  const footer = el('div', 'dialog-buttons', close);
  if (view.submit) {
    const submit = el('button', 'btn btn-primary', plain(view.submit.text));
    submit.type = 'submit';
    footer.append(submit);
  }
  const problem = el('div', 'modal-problem');
  problem.setAttribute('role', 'alert');
  box.addEventListener('submit', (event) => {
    event.preventDefault();
    const missing = [...box.querySelectorAll('.block-input[data-optional="false"]')].filter((input) => {
      const [key] = [...readers.keys()].filter((k) => JSON.parse(k)[0] === input.dataset.blockId);
      return key !== undefined && readers.get(key)() === null;
    });
    for (const input of box.querySelectorAll('.input-missing')) input.remove();
    for (const input of missing)
      input.append(el('div', 'input-error input-missing', 'Please complete this required field.'));
    if (missing.length === 0) onSubmit(values(), problem);
  });
  box.append(
    el('h2', 'dialog-title', plain(view.title?.text ?? '')),
    el('div', 'modal-body', renderBlocks(view.blocks, modalCtx)),
    problem,
    footer,
  );
  backdrop.append(box);
  return backdrop;
}
