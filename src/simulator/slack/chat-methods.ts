import type { ApiContext, MethodHandler } from './api-context.js';
import { dmChannelOf } from './file-methods.js';
import { channelArg, flag, jsonArg, messageContent, optionalString, userArg } from './method-args.js';
import { SlackApiError } from './slack-api-error.js';
import type { Json, StoredMessage } from './types.js';

/**
 * chat.postMessage, chat.postEphemeral and chat.update. Slack quirks kept on purpose:
 * `thread_ts` must be a string naming a message in the same channel (a number loses precision and
 * would not match), and chat.update only edits the bot's own non-ephemeral messages.
 */

/** The thread parent's ts, or undefined for a top-level post. A reply's ts threads under its parent. */
function threadArg(args: Json, channel: string, ctx: ApiContext): string | undefined {
  const value = args.thread_ts;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new SlackApiError('invalid_arguments', [
      '[ERROR] thread_ts must be a string like "1700000000.000100"',
    ]);
  }
  const parent = ctx.messages.find(channel, value);
  if (parent === undefined) throw new SlackApiError('thread_not_found');
  return parent.threadTs ?? parent.ts;
}

/** The `message` object Slack returns for the bot's post (metadata only when asked for). */
export function messageJson(message: StoredMessage, ctx: ApiContext, withMetadata = false): Json {
  return {
    ...(withMetadata && message.metadata ? { metadata: message.metadata } : {}),
    type: 'message',
    user: message.user,
    ...(message.botId === undefined ? {} : { bot_id: message.botId, app_id: ctx.ids.appId }),
    text: message.text ?? '',
    ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
    ts: message.ts,
    team: ctx.ids.teamId,
    ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
    ...(message.edits.length === 0
      ? {}
      : { edited: { user: message.user, ts: message.edits.at(-1)?.replacedAt } }),
  };
}

const postMessage: MethodHandler = (args, ctx) => {
  // A user id as the channel posts in the bot's direct messages with that person, as in Slack.
  const named = channelArg(args);
  const channel = /^[UW]/.test(named) ? dmChannelOf(named) : named;
  const content = messageContent(args);
  const threadTs = threadArg(args, channel, ctx);
  const metadata = jsonArg(args, 'metadata', 'invalid_metadata_format');
  if (
    metadata !== undefined &&
    (typeof metadata !== 'object' || metadata === null || !('event_type' in metadata))
  ) {
    throw new SlackApiError('invalid_metadata_format');
  }
  const stored = ctx.messages.add({
    channel,
    ...content,
    ...(metadata === undefined ? {} : { metadata: metadata as Json }),
    user: ctx.ids.botUserId,
    botId: ctx.ids.botId,
    ...(threadTs === undefined ? {} : { threadTs }),
    replyBroadcast: threadTs !== undefined && flag(args, 'reply_broadcast'),
    via: 'api',
  });
  return { channel, ts: stored.ts, message: messageJson(stored, ctx) };
};

const postEphemeral: MethodHandler = (args, ctx) => {
  const channel = channelArg(args);
  const user = userArg(args);
  const content = messageContent(args);
  const threadTs = threadArg(args, channel, ctx);
  const stored = ctx.messages.addEphemeral({
    channel,
    user,
    ...content,
    ...(threadTs === undefined ? {} : { threadTs }),
    via: 'api',
  });
  return { message_ts: stored.ts };
};

const update: MethodHandler = (args, ctx) => {
  const channel = channelArg(args);
  const ts = optionalString(args, 'ts');
  const message = ts === undefined ? undefined : ctx.messages.find(channel, ts);
  // Ephemeral messages cannot be edited through the API (only through their response_url).
  if (message === undefined) throw new SlackApiError('message_not_found');
  if (message.user !== ctx.ids.botUserId) throw new SlackApiError('cant_update_message');
  const content = messageContent(args);
  ctx.messages.edit(message, {
    text: content.text ?? message.text,
    blocks: content.blocks ?? message.blocks,
  });
  return { channel, ts: message.ts, text: message.text ?? '', message: messageJson(message, ctx) };
};

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': postMessage,
  'chat.postEphemeral': postEphemeral,
  'chat.update': update,
};
