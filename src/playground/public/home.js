// The App Home pane (the view the bot published for me, and the bot's direct messages to me) and
// the bot's log drawer. Both redraw from the snapshot the server pushes.
import { el, renderBlocks } from './blocks.js';

const $ = (id) => document.getElementById(id);

/** `ui`: { pane, textCtx, post, toast, renderMessage } from the page. */
export function renderHome(snapshot, ui) {
  const shown = ui.pane === 'home';
  $('home').hidden = !shown;
  $('channel').hidden = shown;
  $('nav-home').classList.toggle('active', shown);
  $('nav-channel').classList.toggle('active', !shown);
  if (!shown) return;
  const home = snapshot.home;
  const view = $('home-view');
  if (!home) {
    view.replaceChildren(el('div', 'empty', 'Opening your Home…'));
  } else {
    // A click in the Home tab is a block action from a view: no channel, no response_url.
    const ctx = {
      ...ui.textCtx,
      act: async (action) => {
        const result = await ui.post('/ui/click', { ...action, container: 'view', viewId: home.id });
        if (!result.ok) ui.toast(result.error);
      },
    };
    view.replaceChildren(renderBlocks(home.view.blocks, ctx));
  }
  const dms = snapshot.dms.map((m) => ui.renderMessage(m, { inThread: true }));
  $('dm-messages').replaceChildren(...(dms.length ? dms : [el('div', 'empty', 'No messages yet.')]));
}

export function renderLog(snapshot, open) {
  $('log').hidden = !open;
  $('log-toggle').setAttribute('aria-expanded', String(open));
  if (!open) return;
  const list = $('log-lines');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren(
    ...snapshot.log.map((line) => {
      const when = new Date(line.time).toLocaleTimeString([], { hour12: false });
      const where = line.component ? ` [${line.component}]` : '';
      const id = line.correlationId ? ` (${line.correlationId})` : '';
      return el('div', `log-line ${line.level}`, `${when} ${line.level}${where}${id} ${line.msg}`);
    }),
  );
  if (atBottom) list.scrollTop = list.scrollHeight;
}
