import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../clock.js';
import type { ApiContext, MethodHandler } from './api-context.js';
import type { CallLog } from './call-log.js';
import { chatMethods } from './chat-methods.js';
import { conversationMethods } from './conversation-methods.js';
import { directoryMethods } from './directory-methods.js';
import { answerWithFault, type FaultQueue, sendRateLimited } from './faults.js';
import { fileMethods } from './file-methods.js';
import type { RateLimiter } from './rate-limiter.js';
import { parseBody, readBody, sendJson } from './request-body.js';
import { SlackApiError } from './slack-api-error.js';
import type { Json } from './types.js';
import { viewsMethods } from './views-methods.js';

const methods: Record<string, MethodHandler> = {
  ...chatMethods,
  ...conversationMethods,
  ...viewsMethods,
  ...directoryMethods,
  ...fileMethods,
};

/** Methods that take the app-level token (xapp-…); every other method takes the bot token. */
const appTokenMethods = new Set(['apps.connections.open']);

export interface WebApiDeps {
  ctx: ApiContext;
  tokens: { bot: string; app: string };
  /** Token → the scopes it was granted (the `x-oauth-scopes` header). */
  scopes: Readonly<Record<string, readonly string[]>>;
  faults: FaultQueue;
  log: CallLog;
  clock: Clock;
  limiter: RateLimiter;
}

/**
 * POST /api/<method>. Slack answers 200 with `{ok}` for success and refusal alike; only rate
 * limits (429 + Retry-After) and outages (5xx) use HTTP status codes. Order: token, method,
 * injected fault, rate limit, then the method itself.
 */
export async function handleWebApi(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  deps: WebApiDeps,
): Promise<void> {
  const at = deps.clock.now();
  const parsed = parseBody(await readBody(req), req.headers['content-type']);
  const { token: bodyToken, ...rawArgs } = parsed ?? {};
  const args = decodeJsonFields(rawArgs);
  const record = (status: number, error?: string) =>
    deps.log.record({
      method,
      args,
      at,
      ok: error === undefined,
      status,
      ...(error === undefined ? {} : { error }),
    });
  // Slack names a known token's scopes on every answer, refusals included.
  const token = bearer(req) ?? stringOrUndefined(bodyToken);
  const granted = token === undefined ? undefined : deps.scopes[token];
  const scopeHeader: Record<string, string> = granted ? { 'x-oauth-scopes': granted.join(',') } : {};
  const refuse = (error: SlackApiError) => {
    sendJson(
      res,
      200,
      {
        ok: false,
        error: error.code,
        ...(error.messages.length > 0 ? { response_metadata: { messages: error.messages } } : {}),
      },
      scopeHeader,
    );
    record(200, error.code);
  };

  if (parsed === undefined) return refuse(new SlackApiError('invalid_json'));
  const tokenError = checkToken(method, token, deps.tokens);
  if (tokenError !== undefined) return refuse(new SlackApiError(tokenError));
  const handler = methods[method];
  if (handler === undefined) return refuse(new SlackApiError('unknown_method'));
  const fault = deps.faults.take(method);
  if (fault !== undefined) {
    const answered = answerWithFault(res, fault);
    record(answered.status, answered.error);
    return;
  }
  // Slack counts every call, including the ones it then refuses for bad arguments.
  const limit = deps.limiter.check(method, args);
  if (!limit.allowed) {
    const answered = sendRateLimited(res, limit.retryAfterSec);
    record(answered.status, answered.error);
    return;
  }
  let result: Json;
  try {
    result = handler(args, deps.ctx);
  } catch (error) {
    if (error instanceof SlackApiError) return refuse(error);
    throw error;
  }
  sendJson(res, 200, { ok: true, ...result }, scopeHeader);
  record(200);
}

/** Fields that form bodies carry as JSON text; decoded once so handlers and the call log see objects. */
const jsonFields = ['blocks', 'view', 'attachments', 'metadata'];

function decodeJsonFields(args: Json): Json {
  const decoded: Json = { ...args };
  for (const field of jsonFields) {
    const value = decoded[field];
    if (typeof value !== 'string' || value === '') continue;
    try {
      decoded[field] = JSON.parse(value);
    } catch {
      // Left as text: the method answers invalid_blocks_format / invalid_arguments for it.
    }
  }
  return decoded;
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function checkToken(
  method: string,
  token: string | undefined,
  tokens: WebApiDeps['tokens'],
): string | undefined {
  if (token === undefined) return 'not_authed';
  if (token !== tokens.bot && token !== tokens.app) return 'invalid_auth';
  const wantsApp = appTokenMethods.has(method);
  if (wantsApp !== (token === tokens.app)) return 'not_allowed_token_type';
  return undefined;
}
