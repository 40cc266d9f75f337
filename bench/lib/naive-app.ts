import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { HostUpClient } from '../../src/providers/hostup/index.js';

export interface NaiveApp {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * The ack benchmark's baseline: `/vps` written the naive way. Each listener awaits its HostUp read
 * (the real HostUpClient) and only then acks, with the answer in the ack, as a first version often
 * does. Clicks on Cancel need no HostUp read and are acked at once.
 */
export async function startNaiveApp(args: {
  hostupUrl: string;
  hostupToken: string;
  signingSecret: string;
  slackApiUrl: string;
  botToken: string;
}): Promise<NaiveApp> {
  const hostup = new HostUpClient({ baseUrl: args.hostupUrl, token: args.hostupToken });
  const receiver = new HTTPReceiver({
    signingSecret: args.signingSecret,
    endpoints: '/slack/events',
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    receiver,
    token: args.botToken,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: args.slackApiUrl },
    deferInitialization: true,
  });
  const read = async (what: string): Promise<string> => {
    try {
      const name = /^show\s+(\S+)/.exec(what)?.[1];
      if (name) {
        const vps = await hostup.getVpsDetails(`vps_${name.replace(/[^a-z0-9]/gi, '').toLowerCase()}`);
        return `${vps.name}: ${vps.powerState}`;
      }
      const page = await hostup.listVpsPage({ limit: 20 });
      return page.items.map((v) => v.name).join(', ');
    } catch (error) {
      return `HostUp failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
  app.command('/vps', async ({ command, ack }) => {
    const text = await read(command.text);
    await ack({ response_type: 'ephemeral', text });
  });
  app.action(/.*/, async ({ action, ack }) => {
    const id = 'action_id' in action ? action.action_id : '';
    if (id.startsWith('vps.cancel')) return ack();
    const value = 'value' in action && typeof action.value === 'string' ? action.value : '';
    await read(id.startsWith('vps.show') ? `show ${value.replace(/^vps_/, '')}` : 'list');
    await ack();
  });
  await app.init();
  const server = await app.start(0);
  return {
    port: (server.address() as AddressInfo).port,
    async stop() {
      await app.stop();
      await hostup.close();
    },
  };
}

/**
 * The floor of the ack benchmark: a Bolt app (the same receiver, signature check and routing as the
 * bot) whose every listener acks at once and does nothing else.
 */
export async function startBareApp(args: {
  signingSecret: string;
  slackApiUrl: string;
  botToken: string;
}): Promise<NaiveApp> {
  const receiver = new HTTPReceiver({
    signingSecret: args.signingSecret,
    endpoints: '/slack/events',
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    receiver,
    token: args.botToken,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: args.slackApiUrl },
    deferInitialization: true,
  });
  app.command('/vps', async ({ ack }) => ack());
  app.action(/.*/, async ({ ack }) => ack());
  await app.init();
  const server = await app.start(0);
  return {
    port: (server.address() as AddressInfo).port,
    async stop() {
      await app.stop();
    },
  };
}
