import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../../clock.js';
import { botScopes } from '../../slack/ids.js';
import type { ApiContext } from './api-context.js';
import { CallLog } from './call-log.js';
import { handleControl } from './control-route.js';
import { FaultQueue } from './faults.js';
import { dmChannelOf } from './file-methods.js';
import { FileStore } from './file-store.js';
import { MessageStore } from './message-store.js';
import { RateLimiter } from './rate-limiter.js';
import { sendJson } from './request-body.js';
import { handleResponseUrl } from './response-url-route.js';
import { ResponseUrls } from './response-urls.js';
import { SocketModeServer } from './socket-mode.js';
import type { FakeSlack, FakeSlackOptions } from './types.js';
import { handleUpload } from './upload-route.js';
import { ViewStore } from './view-store.js';
import { handleWebApi, type WebApiDeps } from './web-api-route.js';

export type * from './types.js';

/**
 * A fake Slack on loopback: the Web API under /api/<method> (what @slack/web-api talks to via
 * `slackApiUrl`), response URLs under /response/<id>, and Socket Mode under /link/. It keeps
 * messages, threads, edits, ephemerals and views, enforces Slack's limits (Block Kit, trigger
 * expiry, response_url uses, Web API rate limits unless `limits: 'off'`), records every call, and
 * fails on request (`failNext`). Its control routes live under /_sim/ (control-route.ts).
 */
export function createFakeSlack(options: FakeSlackOptions = {}): FakeSlack {
  const clock = options.clock ?? systemClock;
  const ids = {
    teamId: options.teamId ?? 'T0FAKE',
    botUserId: options.botUserId ?? 'U0BOT',
    botId: options.botId ?? 'B0BOT',
    appId: options.appId ?? 'A0FAKE',
  };
  const tokens = { bot: options.botToken ?? 'xoxb-test', app: options.appToken ?? 'xapp-test' };
  const scopes = {
    [tokens.bot]: options.scopes?.bot ?? botScopes,
    [tokens.app]: options.scopes?.app ?? ['connections:write'],
  };
  const log = new CallLog();
  const messages = new MessageStore(clock);
  const views = new ViewStore(clock, options.triggerTtlMs ?? 3000);
  const responseUrls = new ResponseUrls(clock);
  const files = new FileStore();
  const faults = new FaultQueue();
  const limiter = new RateLimiter(options.limits, clock);
  const socket = new SocketModeServer({
    appId: ids.appId,
    log,
    ackTimeoutMs: options.socketAckTimeoutMs ?? 3000,
    ...(options.socketMaxConnections === undefined ? {} : { maxConnections: options.socketMaxConnections }),
    ...(options.socketCloseAfterRefreshMs === undefined
      ? {}
      : { closeAfterRefreshMs: options.socketCloseAfterRefreshMs }),
    ...(options.socketEventRetryDelaysMs === undefined
      ? {}
      : { eventRetryDelaysMs: options.socketEventRetryDelaysMs }),
  });
  let baseUrl: string | undefined;

  const requireUrl = (): string => {
    if (baseUrl === undefined) throw new Error('fake Slack: call listen() first');
    return baseUrl;
  };
  const ctx: ApiContext = {
    ids,
    messages,
    views,
    users: options.users ?? {},
    usergroups: options.usergroups ?? {},
    files,
    openSocketUrl: () => socket.issueUrl(requireUrl().replace(/^http/, 'ws')),
    uploadUrl: (token) => `${requireUrl()}/upload/${token}`,
  };
  const deps: WebApiDeps & { responseUrls: ResponseUrls } = {
    ctx,
    tokens,
    scopes,
    faults,
    log,
    clock,
    limiter,
    responseUrls,
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://fake-slack').pathname;
    const api = /^\/api\/([\w.]+)$/.exec(path);
    const response = /^\/response\/([0-9a-f]+)$/.exec(path);
    const upload = /^\/upload\/([0-9a-f]+)$/.exec(path);
    if (req.method === 'POST' && api?.[1] !== undefined) return handleWebApi(req, res, api[1], deps);
    if (req.method === 'POST' && response?.[1] !== undefined)
      return handleResponseUrl(req, res, response[1], deps);
    if (req.method === 'POST' && upload?.[1] !== undefined)
      return handleUpload(req, res, upload[1], { files, log, now: () => clock.now() });
    if (path.startsWith('/_sim/')) return handleControl(req, res, path, { rateLimits: limiter, socket });
    sendJson(res, 404, { ok: false, error: 'not_found' });
  };
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'fake_slack_bug', detail: String(error) });
      else res.destroy();
    });
  });
  server.on('upgrade', (req, sock, head) => socket.handleUpgrade(req, sock, head));

  const fake: FakeSlack = {
    async listen(port = 0, host = '127.0.0.1') {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address() as AddressInfo;
      baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
      return baseUrl;
    },
    async close() {
      await socket.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    get url() {
      return requireUrl();
    },
    get apiUrl() {
      return `${requireUrl()}/api/`;
    },
    ...ids,
    botToken: tokens.bot,
    appToken: tokens.app,
    calls: log.calls,
    callsTo: (method) => log.calls.filter((c) => c.method === method),
    messages: (channel) => messages.channelMessages(channel),
    thread: (channel, ts) => messages.threadReplies(channel, ts),
    message: (channel, ts) => messages.find(channel, ts),
    ephemerals: (user) => messages.ephemeralsFor(user),
    views: () => views.all(),
    view: (id) => views.get(id),
    home: (user) => views.home(user),
    files: () => files.all(),
    dmChannel: dmChannelOf,
    seedMessage({ channel, user, text, threadTs }) {
      const stored = messages.add({
        channel,
        user,
        text,
        ...(threadTs === undefined ? {} : { threadTs }),
        replyBroadcast: false,
        via: 'seed',
      });
      log.changed();
      return stored;
    },
    failNext(method, fault, times = 1) {
      faults.add(method, fault, times);
    },
    waitFor(predicate, timeoutMs = 5000) {
      return log.waitFor(() => predicate(fake), timeoutMs, 'the awaited condition');
    },
    onChange: (listener) => log.subscribe(listener),
    issueTriggerId: (input) => views.issueTrigger(input),
    issueResponseUrl: (input) => `${requireUrl()}/response/${responseUrls.issue(input)}`,
    socket,
    rateLimits: limiter,
  };
  return fake;
}
