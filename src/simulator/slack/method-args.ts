import { maxMessageBlocks, validateBlocks, validateMessageText } from './block-kit-limits.js';
import { SlackApiError } from './slack-api-error.js';
import type { Json } from './types.js';

/**
 * Argument readers shared by the Web API methods. Form bodies carry only strings (with `blocks` and
 * `view` as JSON text inside), JSON bodies carry real types: both are accepted, as Slack does.
 */

export function optionalString(args: Json, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new SlackApiError('invalid_arguments', [`[ERROR] ${name} must be a string`]);
  }
  return value;
}

export function requiredString(args: Json, name: string, missingError = 'invalid_arguments'): string {
  const value = optionalString(args, name);
  if (value === undefined) throw new SlackApiError(missingError, [`[ERROR] missing required field: ${name}`]);
  return value;
}

export function flag(args: Json, name: string): boolean {
  const value = args[name];
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** A JSON-typed argument that form bodies send as a string. */
export function jsonArg(args: Json, name: string, badJsonError: string): unknown {
  const value = args[name];
  if (typeof value !== 'string') return value;
  if (value === '') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw new SlackApiError(badJsonError, [`[ERROR] ${name} is not valid JSON`]);
  }
}

/** Any public/private channel, DM or group id (C…, D…, G…), or a user id (posts to the app DM). */
export function channelArg(args: Json): string {
  const channel = optionalString(args, 'channel');
  if (channel === undefined || !/^[CDGUW][A-Z0-9]+$/.test(channel))
    throw new SlackApiError('channel_not_found');
  return channel;
}

export function userArg(args: Json, name = 'user'): string {
  const user = optionalString(args, name);
  if (user === undefined || !/^[UW][A-Z0-9]+$/.test(user)) throw new SlackApiError('user_not_found');
  return user;
}

/**
 * `text` and `blocks` of a message, checked like Slack: neither → `no_text`, text over 4000 →
 * `msg_too_long`, any Block Kit problem → `invalid_blocks` with the problems in the metadata.
 */
export function messageContent(
  args: Json,
  { requireContent = true }: { requireContent?: boolean } = {},
): { text?: string; blocks?: unknown[] } {
  const text = args.text === undefined || args.text === null ? undefined : args.text;
  if (text !== undefined && typeof text !== 'string') {
    throw new SlackApiError('invalid_arguments', ['[ERROR] text must be a string']);
  }
  const blocks = jsonArg(args, 'blocks', 'invalid_blocks_format');
  if (requireContent && (text === undefined || text === '') && blocks === undefined && !args.attachments) {
    throw new SlackApiError('no_text');
  }
  if (validateMessageText(text).length > 0) throw new SlackApiError('msg_too_long');
  if (blocks === undefined) return text === undefined ? {} : { text };
  if (!Array.isArray(blocks))
    throw new SlackApiError('invalid_blocks_format', ['[ERROR] blocks must be an array']);
  const problems = validateBlocks(blocks, maxMessageBlocks);
  if (problems.length > 0)
    throw new SlackApiError(
      'invalid_blocks',
      problems.map((p) => `[ERROR] ${p}`),
    );
  return { ...(text === undefined ? {} : { text }), blocks };
}
