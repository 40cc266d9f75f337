import type { MethodHandler } from './api-context.js';
import { channelArg, jsonArg, optionalString, requiredString } from './method-args.js';
import { SlackApiError } from './slack-api-error.js';
import type { Json } from './types.js';

/**
 * files.getUploadURLExternal and files.completeUploadExternal, the two Web API halves of
 * `files.uploadV2` (the bytes go to the upload URL in between, see upload-route.ts).
 */

const getUploadUrl: MethodHandler = (args, ctx) => {
  const filename = requiredString(args, 'filename');
  const length = Number(args.length);
  if (!Number.isInteger(length) || length < 1) {
    throw new SlackApiError('invalid_arguments', ['[ERROR] length must be a positive integer']);
  }
  const { file, token } = ctx.files.create({ filename, length });
  return { upload_url: ctx.uploadUrl(token), file_id: file.id };
};

const completeUpload: MethodHandler = (args, ctx) => {
  const files = jsonArg(args, 'files', 'invalid_arguments');
  if (!Array.isArray(files) || files.length === 0) {
    throw new SlackApiError('invalid_arguments', ['[ERROR] files must be a non-empty list']);
  }
  const channel =
    optionalString(args, 'channel_id') === undefined ? undefined : channelArg({ channel: args.channel_id });
  const done: Json[] = [];
  for (const entry of files as Json[]) {
    const file = typeof entry?.id === 'string' ? ctx.files.get(entry.id) : undefined;
    if (file === undefined) throw new SlackApiError('file_not_found');
    // Slack refuses to complete a file whose bytes never arrived.
    if (file.content === null) throw new SlackApiError('file_upload_incomplete');
    if (typeof entry.title === 'string') file.title = entry.title;
    file.completed = true;
    if (channel !== undefined && !file.channels.includes(channel)) file.channels.push(channel);
    done.push({ id: file.id, name: file.filename, title: file.title, size: file.content.length });
  }
  if (channel !== undefined) {
    const comment = optionalString(args, 'initial_comment');
    ctx.messages.add({
      channel,
      ...(comment === undefined ? {} : { text: comment }),
      files: done,
      user: ctx.ids.botUserId,
      botId: ctx.ids.botId,
      replyBroadcast: false,
      via: 'api',
    });
  }
  return { files: done };
};

/** A direct message with one person: a stable D… id per user, as Slack gives the bot. */
export function dmChannelOf(user: string): string {
  return `D${user.slice(1)}`;
}

const openConversation: MethodHandler = (args) => {
  const users = optionalString(args, 'users');
  const list = users?.split(',').filter(Boolean) ?? [];
  if (list.length !== 1 || !/^[UW][A-Z0-9]+$/.test(list[0]!)) {
    throw new SlackApiError(list.length === 0 ? 'users_list_not_supplied' : 'not_implemented');
  }
  return { channel: { id: dmChannelOf(list[0]!), is_im: true, user: list[0] } };
};

export const fileMethods: Record<string, MethodHandler> = {
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': completeUpload,
  'conversations.open': openConversation,
};
