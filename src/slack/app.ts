import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackConfig } from '../config.js';
import { boltLogger } from './bolt-logger.js';
import type { BotContext } from './context.js';
import { registerActions } from './listeners/actions/index.js';
import { registerVpsCommand } from './listeners/commands/vps-command.js';

export interface SlackApp {
  readonly app: App;
  /** Connects (Socket Mode) or listens (HTTP); resolves with the HTTP port in HTTP mode. */
  start(): Promise<{ port: number | null }>;
  stop(): Promise<void>;
}

/** The endpoint Slack posts commands and interactions to in HTTP mode. */
export const slackEventsPath = '/slack/events';

/**
 * Builds the Bolt app with every listener, for either transport. Dependencies come in through
 * `ctx` (tests build the same app against a fake Slack and the simulators).
 *
 * The WebClient does not retry or queue on a 429 (`retries: 0`, `rejectRateLimitedCalls`): the
 * outbox owns retries, so Slack's rate limit never stalls the bot.
 */
export function createSlackApp(args: {
  config: SlackConfig;
  ctx: (app: App) => BotContext;
  logger: Logger;
}): SlackApp {
  const { config, logger } = args;
  const log = boltLogger(logger);
  const clientOptions = {
    slackApiUrl: config.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  };
  const receiver: Receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.appToken,
          logger: log,
          installerOptions: { clientOptions },
        })
      : new HTTPReceiver({ signingSecret: config.signingSecret, endpoints: slackEventsPath, logger: log });
  const app = new App({
    receiver,
    token: config.botToken,
    logger: log,
    clientOptions,
    deferInitialization: true,
  });
  const ctx = args.ctx(app);
  registerVpsCommand(app, ctx);
  registerActions(app, ctx);
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
        return { port: null };
      }
      const server = await app.start(config.port);
      const port = (server.address() as AddressInfo).port;
      logger.info({ port, path: slackEventsPath }, 'listening for Slack requests over HTTP');
      return { port };
    },
    async stop() {
      await app.stop();
    },
  };
}
