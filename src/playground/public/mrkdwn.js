// Slack mrkdwn → DOM nodes. Text only ever reaches the page through textContent / createTextNode
// (never innerHTML), so whatever the bot or a person wrote is shown, not run.

const emoji = {
  white_check_mark: '✅',
  x: '❌',
  warning: '⚠️',
  no_entry: '⛔',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  arrows_counterclockwise: '🔄',
  grey_question: '❔',
  information_source: 'ℹ️',
  construction: '🚧',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  red_circle: '🔴',
  white_circle: '⚪',
  heavy_multiplication_x: '✖️',
  hammer_and_wrench: '🛠️',
  double_vertical_bar: '⏸️',
  rotating_light: '🚨',
  no_entry_sign: '🚫',
  busts_in_silhouette: '👥',
  bust_in_silhouette: '👤',
  outbox_tray: '📤',
  mag: '🔍',
  page_facing_up: '📄',
  point_right: '👉',
  rocket: '🚀',
  lock: '🔒',
  tada: '🎉',
  eyes: '👀',
  thumbsup: '👍',
  wave: '👋',
  camera_with_flash: '📸',
  hatching_chick: '🐣',
  octagonal_sign: '🛑',
  arrow_forward: '▶️',
};

/** Slack escapes only these three in mrkdwn. */
export function decodeEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function emojiFor(name) {
  return emoji[name];
}

// One pass finds the next construct; formatting recurses into its content. Bold/italic/strike
// need a non-word character (or the edge) outside the markers, as in Slack.
const pattern =
  /```([\s\S]+?)```|`([^`\n]+)`|<([^<>\s][^<>]*)>|(?<![\w*])\*(?=\S)([^*\n]+?)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]+?)_(?![\w_])|(?<![\w~])~(?=\S)([^~\n]+?)~(?![\w~])|:([a-z0-9_+-]+):/g;

/**
 * Renders mrkdwn into a DocumentFragment. `ctx.userName(id)` names mentioned people and
 * `ctx.channelName(id)` channels; links open in a new tab and only http(s)/mailto become links.
 */
export function renderMrkdwn(text, ctx) {
  const fragment = document.createDocumentFragment();
  appendMrkdwn(fragment, String(text ?? ''), ctx);
  return fragment;
}

function appendMrkdwn(parent, text, ctx) {
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parent.append(decodeEntities(text.slice(last, match.index)));
    last = match.index + match[0].length;
    const [whole, pre, code, angle, bold, italic, strike, emojiName] = match;
    if (pre !== undefined) parent.append(element('pre', decodeEntities(pre.replace(/^\n/, ''))));
    else if (code !== undefined) parent.append(element('code', decodeEntities(code)));
    else if (angle !== undefined) parent.append(angleNode(angle, ctx));
    else if (bold !== undefined) parent.append(nested('strong', bold, ctx));
    else if (italic !== undefined) parent.append(nested('em', italic, ctx));
    else if (strike !== undefined) parent.append(nested('s', strike, ctx));
    else if (emojiName !== undefined) parent.append(emoji[emojiName] ?? whole);
  }
  if (last < text.length) parent.append(decodeEntities(text.slice(last)));
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

function nested(tag, text, ctx) {
  const node = document.createElement(tag);
  appendMrkdwn(node, text, ctx);
  return node;
}

/** `<@U…>`, `<#C…|name>`, `<!here>`, `<!subteam^S…|@team>`, `<url|label>`, `<url>`. */
function angleNode(inner, ctx) {
  const [target, label] = splitOnce(inner, '|');
  if (target.startsWith('@')) return element('span', `@${ctx.userName(target.slice(1))}`, 'mention');
  if (target.startsWith('#')) {
    return element('span', `#${label ?? ctx.channelName(target.slice(1))}`, 'mention channel-mention');
  }
  if (target.startsWith('!subteam^')) return element('span', label ?? '@team', 'mention');
  if (target.startsWith('!date^')) return dateNode(target, label);
  if (target.startsWith('!')) return element('span', `@${target.slice(1)}`, 'mention');
  const url = decodeEntities(target);
  if (!/^(https?:|mailto:)/i.test(url)) return document.createTextNode(decodeEntities(label ?? target));
  const link = element('a', decodeEntities(label ?? target));
  link.href = url;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  return link;
}

/**
 * `<!date^1700000000^{date_short_pretty} {time}|fallback>`: Slack shows the time in the reader's
 * own time zone; the fallback is what clients that cannot format it show.
 */
function dateNode(target, fallback) {
  const [, seconds, format = ''] = target.split('^');
  const when = new Date(Number(seconds) * 1000);
  if (Number.isNaN(when.getTime())) return document.createTextNode(decodeEntities(fallback ?? ''));
  const date = (options) => when.toLocaleDateString(undefined, options);
  const tokens = {
    date_num: () => when.toISOString().slice(0, 10),
    date: () => date({ month: 'long', day: 'numeric', year: 'numeric' }),
    date_short: () => date({ month: 'short', day: 'numeric', year: 'numeric' }),
    date_long: () => date({ weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }),
    date_pretty: () => date({ month: 'long', day: 'numeric', year: 'numeric' }),
    date_short_pretty: () => date({ month: 'short', day: 'numeric' }),
    date_long_pretty: () => date({ weekday: 'long', month: 'long', day: 'numeric' }),
    time: () => when.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
    time_secs: () => when.toLocaleTimeString(),
  };
  const text = format.replace(/\{(\w+)\}/g, (whole, name) => tokens[name]?.() ?? whole);
  const node = element('time', text || decodeEntities(fallback ?? ''));
  node.dateTime = when.toISOString();
  if (fallback) node.title = decodeEntities(fallback);
  return node;
}

function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
