// The playground's Slack client: one channel, its threads, my ephemerals and modals, a composer
// and a "you are" switcher. State arrives over server-sent events after every change; the page
// never polls. Every button, select and submit becomes a signed request to the bot, server-side.
import { el, renderBlocks } from './blocks.js';
import { renderHome, renderLog } from './home.js';
import { confirmDialog, renderModal } from './modal.js';
import { renderMrkdwn } from './mrkdwn.js';

const $ = (id) => document.getElementById(id);
let snapshot = null;
let me = new URLSearchParams(location.search).get('as') ?? localStorage.getItem('playground.me') ?? '';
let openThread = null;
let events = null;
let shownModal = null;
/** Which pane is shown: the #ops channel or the bot's App Home. */
let pane = 'channel';
let logOpen = false;

function connect() {
  events?.close();
  events = new EventSource(`/ui/events${me ? `?user=${encodeURIComponent(me)}` : ''}`);
  events.addEventListener('state', (event) => render(JSON.parse(event.data)));
  events.addEventListener('open', () => setLive(true));
  events.addEventListener('error', () => setLive(false));
}

function setLive(live) {
  $('live').textContent = live ? '● live' : '○ reconnecting…';
  $('live').className = live ? 'live' : 'live offline';
}

async function post(path, body) {
  try {
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: me, ...body }),
    });
    return await res.json();
  } catch {
    return { ok: false, error: 'The playground is not reachable. Is it still running?' };
  }
}

function toast(message) {
  const node = $('toast');
  node.textContent = message;
  node.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => {
    node.hidden = true;
  }, 6000);
}

function nameOf(id) {
  if (id === snapshot?.bot.id) return snapshot.bot.name;
  return snapshot?.people.find((p) => p.id === id)?.name ?? id;
}

const textCtx = {
  userName: nameOf,
  channelName: (id) => (id === snapshot?.channel.id ? snapshot.channel.name : id),
  confirm: (dialog) => confirmDialog(dialog, textCtx),
};

function clickCtx(message) {
  return {
    ...textCtx,
    act: async (action) => {
      const result = await post('/ui/click', {
        ...action,
        container: message.kind === 'ephemeral' ? 'ephemeral' : 'message',
        messageTs: message.ts,
      });
      if (!result.ok) toast(result.error);
    },
  };
}

function timeOf(ts) {
  return new Date(Number(ts.split('.')[0]) * 1000).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
  });
}

function renderFiles(message) {
  const list = el('div', 'files');
  for (const file of message.files ?? []) {
    list.append(el('div', 'file', `📄 ${file.title || file.name} (${file.name})`));
  }
  return list;
}

function renderMessage(message, { inThread }) {
  const isBot = message.user === snapshot.bot.id;
  const node = el('div', `msg msg-${message.kind}`);
  node.dataset.ts = message.ts;
  node.dataset.kind = message.kind;
  const avatar = el(
    'div',
    `avatar${isBot ? ' avatar-bot' : ''}`,
    isBot ? '⚙' : nameOf(message.user).slice(0, 1),
  );
  avatar.setAttribute('aria-hidden', 'true');
  const meta = el('div', 'meta', el('span', 'author', nameOf(message.user)));
  if (isBot) meta.append(el('span', 'app-badge', 'APP'));
  meta.append(el('span', 'time', timeOf(message.ts)));
  const body = el('div', 'body', meta);
  if (message.kind === 'echo') {
    body.append(el('div', 'echo-text', el('code', null, message.text)));
  } else if (message.blocks.length > 0) {
    body.append(renderBlocks(message.blocks, clickCtx(message)));
  } else {
    body.append(el('div', 'section-text', renderMrkdwn(message.text, textCtx)));
  }
  if (message.files) body.append(renderFiles(message));
  if (message.edited) body.append(el('span', 'edited', '(edited)'));
  if (message.broadcast && !inThread) body.append(el('div', 'broadcast', 'replied to a thread'));
  if (message.kind !== 'message') body.append(el('div', 'only-you', '👁 Only visible to you'));
  if (!inThread && message.replyCount) {
    const replies = el(
      'button',
      'replies',
      `${message.replyCount} ${message.replyCount === 1 ? 'reply' : 'replies'}`,
    );
    replies.type = 'button';
    replies.addEventListener('click', () => {
      openThread = message.ts;
      renderThread();
    });
    body.append(replies);
  }
  node.append(avatar, body);
  return node;
}

function renderTimeline() {
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const previous = list.scrollTop;
  const lines = snapshot.timeline.map((m) => renderMessage(m, { inThread: false }));
  if (lines.length === 0) {
    lines.push(el('div', 'empty', 'Nothing here yet. Type /vps help below to start.'));
  }
  list.replaceChildren(...lines);
  list.scrollTop = atBottom ? list.scrollHeight : previous;
}

function renderThread() {
  const pane = $('thread');
  const parent = snapshot?.timeline.find((m) => m.ts === openThread);
  if (!openThread || !parent) {
    pane.hidden = true;
    return;
  }
  pane.hidden = false;
  const replies = snapshot.threads[openThread] ?? [];
  const list = $('thread-messages');
  list.replaceChildren(
    renderMessage(parent, { inThread: true }),
    el('div', 'thread-count', `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`),
    ...replies.map((m) => renderMessage(m, { inThread: true })),
  );
  list.scrollTop = list.scrollHeight;
}

function renderModalLayer() {
  const modal = snapshot.modal;
  const key = modal ? `${modal.id}:${modal.hash}:${JSON.stringify(modal.errors)}` : null;
  if (key === shownModal) return;
  shownModal = key;
  const layer = $('modal-layer');
  if (!modal) return layer.replaceChildren();
  const ctx = {
    ...textCtx,
    act: async (action) => {
      const result = await post('/ui/click', { ...action, container: 'view', viewId: modal.id });
      if (!result.ok) toast(result.error);
    },
  };
  layer.replaceChildren(
    renderModal(modal, ctx, {
      onSubmit: async (values, problem) => {
        const result = await post('/ui/submit', { viewId: modal.id, values });
        problem.textContent = result.ok ? '' : result.error;
      },
      onClose: async () => {
        const result = await post('/ui/close', { viewId: modal.id });
        if (!result.ok) toast(result.error);
      },
    }),
  );
}

function renderSwitcher() {
  const select = $('who');
  if (select.options.length === 0) {
    for (const person of snapshot.people) {
      const option = el('option', null, `${person.name} (${person.role})`);
      option.value = person.id;
      select.append(option);
    }
  }
  select.value = snapshot.me;
}

function render(next) {
  snapshot = next;
  me = next.me;
  renderSwitcher();
  $('channel-name').textContent = `# ${next.channel.name}`;
  $('composer-input').placeholder = `Message #${next.channel.name} as ${nameOf(me)} — try /vps help`;
  renderTimeline();
  renderThread();
  renderModalLayer();
  renderHome(next, { pane, textCtx, post, toast, renderMessage });
  renderLog(next, logOpen);
  $('fault-note').textContent = next.fault ? `HostUp: ${next.fault}.` : 'HostUp behaves normally.';
}

async function openHome() {
  pane = 'home';
  if (snapshot) renderHome(snapshot, { pane, textCtx, post, toast, renderMessage });
  const result = await post('/ui/home', {});
  if (!result.ok) toast(result.error);
}

$('nav-home').addEventListener('click', openHome);
$('nav-channel').addEventListener('click', () => {
  pane = 'channel';
  if (snapshot) renderHome(snapshot, { pane, textCtx, post, toast, renderMessage });
});
$('log-toggle').addEventListener('click', () => {
  logOpen = !logOpen;
  if (snapshot) renderLog(snapshot, logOpen);
});
for (const button of document.querySelectorAll('[data-fault]')) {
  button.addEventListener('click', async () => {
    const result = await post('/ui/fault', { fault: button.dataset.fault });
    if (!result.ok) toast(result.error);
  });
}

$('who').addEventListener('change', (event) => {
  me = event.target.value;
  localStorage.setItem('playground.me', me);
  shownModal = null;
  connect();
  // Someone else opening the Home tab is their own app_home_opened.
  if (pane === 'home') openHome();
});

$('thread-close').addEventListener('click', () => {
  openThread = null;
  renderThread();
});

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('composer-input');
  const text = input.value.trim();
  if (text === '') return;
  const error = $('composer-error');
  error.textContent = '';
  const result = await post('/ui/command', { text });
  if (result.ok) input.value = '';
  else error.replaceChildren(renderMrkdwn(result.error, textCtx));
});

connect();
