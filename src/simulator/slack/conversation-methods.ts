import type { ApiContext, MethodHandler } from './api-context.js';
import { messageJson } from './chat-methods.js';
import { compareTs } from './message-store.js';
import { channelArg, flag, optionalString } from './method-args.js';
import { SlackApiError } from './slack-api-error.js';
import type { StoredMessage } from './types.js';

/**
 * conversations.history (top-level messages, newest first, after `oldest`) and
 * conversations.replies (a thread: its parent, then replies oldest first). Metadata comes back
 * only with `include_all_metadata`, as in Slack.
 */

function limitArg(args: Record<string, unknown>): number {
  const raw = Number(args.limit ?? 100);
  return Number.isFinite(raw) ? Math.min(Math.max(1, Math.floor(raw)), 1000) : 100;
}

function render(messages: StoredMessage[], ctx: ApiContext, withMetadata: boolean) {
  return messages.map((m) => messageJson(m, ctx, withMetadata));
}

const history: MethodHandler = (args, ctx) => {
  const channel = channelArg(args);
  const oldest = optionalString(args, 'oldest') ?? '0';
  const found = ctx.messages
    .channelMessages(channel)
    .filter((m) => compareTs(m.ts, oldest) > 0)
    .sort((a, b) => compareTs(b.ts, a.ts))
    .slice(0, limitArg(args));
  return { messages: render(found, ctx, flag(args, 'include_all_metadata')), has_more: false };
};

const replies: MethodHandler = (args, ctx) => {
  const channel = channelArg(args);
  const ts = optionalString(args, 'ts');
  const parent = ts === undefined ? undefined : ctx.messages.find(channel, ts);
  if (parent === undefined) throw new SlackApiError('thread_not_found');
  const thread = [parent, ...ctx.messages.threadReplies(channel, parent.ts)].slice(0, limitArg(args));
  return { messages: render(thread, ctx, flag(args, 'include_all_metadata')), has_more: false };
};

export const conversationMethods: Record<string, MethodHandler> = {
  'conversations.history': history,
  'conversations.replies': replies,
};
