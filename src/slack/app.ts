import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type CustomRoute, HTTPReceiver, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { systemClock } from '../clock.js';
import type { SlackConfig } from '../config.js';
import { boltLogger } from './bolt-logger.js';
import type { BotContext } from './context.js';
import { registerActions } from './listeners/actions/index.js';
import { registerApprovals } from './listeners/approvals/index.js';
import { registerVpsCommand } from './listeners/commands/vps-command.js';
import { registerHome } from './listeners/home/index.js';
import { registerReviews } from './listeners/reviews/index.js';
import { refuseDistantTimestamps } from './request-timestamp.js';
import { BridgedSocketModeReceiver } from './socket-mode-receiver.js';

export interface SlackApp {
  readonly app: App;
  /**
   * Connects (Socket Mode) or listens (HTTP). Resolves with the HTTP port: Slack's endpoint and the
   * ops routes in HTTP mode; only the ops routes in Socket Mode.
   */
  start(): Promise<{ port: number | null }>;
  stop(): Promise<void>;
  /** True while Slack can reach the bot: the socket is open, or the HTTP endpoint listens. */
  connected(): boolean;
}

/** The endpoint Slack posts commands and interactions to in HTTP mode. */
export const slackEventsPath = '/slack/events';

/**
 * Builds the Bolt app with every listener, for either transport. Dependencies come in through
 * `ctx` (tests build the same app against a fake Slack and the simulators).
 *
 * The WebClient does not retry or queue on a 429 (`retries: 0`, `rejectRateLimitedCalls`): the
 * outbox owns retries, so Slack's rate limit never stalls the bot and the SDK never sends a post
 * twice. Socket Mode runs on our own receiver, which bridges Slack's connection refreshes; HTTP
 * mode refuses requests dated more than 5 minutes from now, in either direction.
 */
export function createSlackApp(args: {
  config: SlackConfig;
  ctx: BotContext;
  logger: Logger;
  /** Extra HTTP routes (health, metrics), served in both modes. */
  routes?: CustomRoute[];
}): SlackApp {
  const routes = args.routes ?? [];
  let listening = false;
  let opsServer: Server | null = null;
  const { config, logger } = args;
  const log = boltLogger(logger);
  const clientOptions = slackClientOptions(config.apiUrl);
  const receiver =
    config.mode === 'socket'
      ? new BridgedSocketModeReceiver({
          appClient: new webApi.WebClient(config.appToken, { ...clientOptions, logger: log }),
          logger: logger.child({ component: 'socket-mode' }),
        })
      : new HTTPReceiver({
          signingSecret: config.signingSecret,
          endpoints: slackEventsPath,
          logger: log,
          customRoutes: routes,
        });
  if (receiver instanceof HTTPReceiver) {
    refuseDistantTimestamps(receiver, { path: slackEventsPath, clock: systemClock, logger });
  }
  const app = new App({
    receiver,
    token: config.botToken,
    logger: log,
    clientOptions,
    deferInitialization: true,
  });
  const { ctx } = args;
  registerVpsCommand(app, ctx);
  registerActions(app, ctx);
  registerApprovals(app, ctx);
  registerReviews(app, ctx);
  registerHome(app, ctx);
  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a Slack listener');
  });

  return {
    app,
    async start() {
      await app.init();
      if (config.mode === 'socket') {
        await app.start();
        logger.info('connected to Slack in Socket Mode');
        opsServer = await serveRoutes(routes, config.port);
        const port = (opsServer.address() as AddressInfo).port;
        logger.info({ port }, 'serving health and metrics over HTTP');
        return { port };
      }
      const server = await app.start(config.port);
      listening = true;
      const port = (server.address() as AddressInfo).port;
      logger.info({ port, path: slackEventsPath }, 'listening for Slack requests over HTTP');
      return { port };
    },
    async stop() {
      listening = false;
      await new Promise<void>((resolve) => (opsServer ? opsServer.close(() => resolve()) : resolve()));
      await app.stop();
    },
    connected: () => (receiver instanceof BridgedSocketModeReceiver ? receiver.connected() : listening),
  };
}

/**
 * Every WebClient of the bot (bot token and app token): no retries and no queueing on a 429, so
 * a rate-limited call throws at once and the SDK never sends a call twice.
 */
export function slackClientOptions(apiUrl: string) {
  return { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };
}

/** Socket Mode has no HTTP server of its own: the ops routes get a small one. */
async function serveRoutes(routes: CustomRoute[], port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => r.path === path && [r.method].flat().includes(req.method ?? 'GET'));
    if (route) route.handler(Object.assign(req, { params: {} }), res);
    else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return server;
}
