import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext } from './api-context.js';
import { answerWithFault } from './faults.js';
import { flag, messageContent } from './method-args.js';
import { parseBody, readBody, sendJson } from './request-body.js';
import type { ResponseUrlGrant, ResponseUrls } from './response-urls.js';
import { SlackApiError } from './slack-api-error.js';
import type { Json } from './types.js';
import type { WebApiDeps } from './web-api-route.js';

/** The method name response_url posts are recorded under (and `failNext` takes). */
export const responseUrlMethod = 'response_url';

/**
 * POST /response/<id>, the response_url Slack hands out with commands and clicks. JSON body
 * `{text, blocks, response_type, replace_original, delete_original, thread_ts}`; ephemeral unless
 * `response_type: 'in_channel'`. Past 5 uses or 30 minutes Slack answers 404 (`used_url`,
 * `expired_url`), which Bolt's respond() turns into a RespondError.
 */
export async function handleResponseUrl(
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  deps: WebApiDeps & { responseUrls: ResponseUrls },
): Promise<void> {
  const at = deps.clock.now();
  const body = parseBody(await readBody(req), 'application/json');
  const args: Json = { ...body, response_url_id: id };
  const record = (status: number, error?: string) =>
    deps.log.record({
      method: responseUrlMethod,
      args,
      at,
      ok: error === undefined,
      status,
      ...(error === undefined ? {} : { error }),
    });

  const check = deps.responseUrls.check(id);
  if (!check.ok) {
    sendJson(res, 404, { ok: false, error: check.error });
    return record(404, check.error);
  }
  const fault = deps.faults.take(responseUrlMethod);
  if (fault !== undefined) {
    const answered = answerWithFault(res, fault);
    return record(answered.status, answered.error);
  }
  if (body === undefined) {
    sendJson(res, 400, { ok: false, error: 'invalid_payload' });
    return record(400, 'invalid_payload');
  }
  try {
    apply(body, check.grant, deps.ctx);
  } catch (error) {
    if (!(error instanceof SlackApiError)) throw error;
    sendJson(res, 400, {
      ok: false,
      error: error.code,
      ...(error.messages.length > 0 ? { response_metadata: { messages: error.messages } } : {}),
    });
    return record(400, error.code);
  }
  check.grant.uses += 1;
  sendJson(res, 200, { ok: true });
  record(200);
}

function apply(body: Json, grant: ResponseUrlGrant, ctx: ApiContext): void {
  const original = findOriginal(grant, ctx);
  if (flag(body, 'delete_original')) {
    if (original === undefined) throw new SlackApiError('message_not_found');
    original.deleted = true;
    return;
  }
  const content = messageContent(body);
  if (flag(body, 'replace_original') && original !== undefined) {
    ctx.messages.edit(original, content);
    return;
  }
  const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
  if (body.response_type === 'in_channel') {
    const posted = ctx.messages.add({
      channel: grant.channel,
      ...content,
      user: ctx.ids.botUserId,
      botId: ctx.ids.botId,
      ...(threadTs === undefined ? {} : { threadTs }),
      replyBroadcast: false,
      via: 'response_url',
    });
    grant.lastPostedTs = posted.ts;
    return;
  }
  const posted = ctx.messages.addEphemeral({
    channel: grant.channel,
    user: grant.user,
    ...content,
    ...(threadTs === undefined ? {} : { threadTs }),
    via: 'response_url',
  });
  grant.lastPostedTs = posted.ts;
}

/** The message a click came from; for a command, the last message its response_url posted. */
function findOriginal(grant: ResponseUrlGrant, ctx: ApiContext) {
  if (grant.messageTs === undefined) {
    return grant.lastPostedTs === undefined
      ? undefined
      : (ctx.messages.findEphemeral(grant.channel, grant.lastPostedTs) ??
          ctx.messages.find(grant.channel, grant.lastPostedTs));
  }
  return grant.ephemeral
    ? ctx.messages.findEphemeral(grant.channel, grant.messageTs)
    : ctx.messages.find(grant.channel, grant.messageTs);
}
