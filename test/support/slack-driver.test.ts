import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type BlockAction, LogLevel, verifySlackRequest, webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeSlack, type FakeSlack } from '../../src/simulator/slack/server.js';
import { createSlackDriver } from './slack-driver.js';

const signingSecret = 'test-signing-secret';
let fake: FakeSlack;
const closers: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  fake = createFakeSlack();
  await fake.listen();
});

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await fake.close();
});

interface Captured {
  body: string;
  signature: string;
  timestamp: number;
}

/** A bare HTTP endpoint that keeps the raw request, to check the signature with Bolt's own verifier. */
async function captureEndpoint(): Promise<{ url: string; captured: Captured[] }> {
  const captured: Captured[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    captured.push({
      body: Buffer.concat(chunks).toString('utf8'),
      signature: String(req.headers['x-slack-signature']),
      timestamp: Number(req.headers['x-slack-request-timestamp']),
    });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, captured };
}

function verify(request: Captured, body = request.body): void {
  verifySlackRequest({
    signingSecret,
    body,
    headers: { 'x-slack-signature': request.signature, 'x-slack-request-timestamp': request.timestamp },
  });
}

describe('request signing', () => {
  it('signs so that Bolt’s verifySlackRequest accepts the request, and a tampered body fails', async () => {
    const { url, captured } = await captureEndpoint();
    const driver = createSlackDriver({ botUrl: url, signingSecret, fake });
    await driver.slashCommand({ user: 'U1', channel: 'C1', text: 'list' });
    const request = captured[0] as Captured;
    expect(new URLSearchParams(request.body).get('command')).toBe('/vps');
    expect(() => verify(request)).not.toThrow();
    expect(() => verify(request, request.body.replace('list', 'stop'))).toThrow(/signature mismatch/);
  });

  it('forges a signature or a stale timestamp on request', async () => {
    const { url, captured } = await captureEndpoint();
    const driver = createSlackDriver({ botUrl: url, signingSecret, fake });
    await driver.slashCommand({ user: 'U1', channel: 'C1', text: 'x' }, { signature: 'v0=deadbeef' });
    await driver.slashCommand(
      { user: 'U1', channel: 'C1', text: 'x' },
      { timestamp: Math.floor(Date.now() / 1000) - 600 },
    );
    expect(() => verify(captured[0] as Captured)).toThrow();
    expect(() => verify(captured[1] as Captured)).toThrow(/stale/);
  });
});

/** A Bolt app on the default HTTP receiver, talking to the fake for the Web API. */
async function startBoltApp(register: (app: App) => void): Promise<string> {
  const app = new App({
    token: 'xoxb-test',
    signingSecret,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
  });
  register(app);
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  closers.push(() => app.stop());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
}

describe('driving a Bolt app over HTTP', () => {
  it('delivers a slash command that is acked in time and answered through its response_url', async () => {
    const botUrl = await startBoltApp((app) => {
      app.command('/vps', async ({ ack, respond, command }) => {
        await ack();
        await respond(`Listing for ${command.user_id}`);
      });
    });
    const driver = createSlackDriver({ botUrl, signingSecret, fake });
    const res = await driver.slashCommand({ user: 'U1', channel: 'C1', text: 'list' });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    const reply = await fake.waitFor((f) => f.ephemerals('U1')[0]);
    expect(reply).toMatchObject({ channel: 'C1', text: 'Listing for U1' });
  });

  it('gets 401 from Bolt for a bad signature and for a stale timestamp', async () => {
    const botUrl = await startBoltApp(() => {});
    const driver = createSlackDriver({ botUrl, signingSecret, fake });
    const forged = await driver.slashCommand({ user: 'U1', channel: 'C1', text: '' }, { signature: 'v0=00' });
    const stale = await driver.slashCommand(
      { user: 'U1', channel: 'C1', text: '' },
      { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 },
    );
    expect([forged.status, stale.status]).toEqual([401, 401]);
  });

  it('clicks a button the bot posted and lets the bot replace the message', async () => {
    const seen: BlockAction[] = [];
    const botUrl = await startBoltApp((app) => {
      app.action('approval.approve', async ({ ack, body, respond }) => {
        await ack();
        seen.push(body as BlockAction);
        await respond({ replace_original: true, text: 'Approved' });
      });
    });
    const client = new webApi.WebClient('xoxb-test', {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
    });
    const approve = { type: 'plain_text', text: 'Approve' } as const;
    const posted = await client.chat.postMessage({
      channel: 'C1',
      text: 'Approve?',
      blocks: [
        {
          type: 'actions',
          block_id: 'approval',
          elements: [{ type: 'button', action_id: 'approval.approve', value: 'req-1', text: approve }],
        },
      ],
    });
    const driver = createSlackDriver({ botUrl, signingSecret, fake });
    const res = await driver.click({ user: 'U2', channel: 'C1', actionId: 'approval.approve' });
    expect(res.status).toBe(200);
    await fake.waitFor((f) => f.message('C1', posted.ts as string)?.text === 'Approved');
    expect(seen[0]?.actions[0]).toMatchObject({
      action_id: 'approval.approve',
      block_id: 'approval',
      value: 'req-1',
    });
    expect(seen[0]?.container).toMatchObject({
      message_ts: posted.ts,
      channel_id: 'C1',
      is_ephemeral: false,
    });
  });

  it('opens a modal from a command trigger and submits it with values', async () => {
    const submitted: Record<string, unknown>[] = [];
    const botUrl = await startBoltApp((app) => {
      app.command('/vps', async ({ ack, client, body }) => {
        await ack();
        await client.views.open({
          trigger_id: body.trigger_id,
          view: {
            type: 'modal',
            callback_id: 'approval.reject.modal',
            title: { type: 'plain_text', text: 'Reject' },
            submit: { type: 'plain_text', text: 'Reject' },
            blocks: [
              {
                type: 'input',
                block_id: 'reason',
                label: { type: 'plain_text', text: 'Why?' },
                element: { type: 'plain_text_input', action_id: 'text' },
              },
            ],
          },
        });
      });
      app.view('approval.reject.modal', async ({ ack, view }) => {
        submitted.push(view.state.values);
        await ack({ response_action: 'errors', errors: { reason: 'Too short' } });
      });
    });
    const driver = createSlackDriver({ botUrl, signingSecret, fake });
    await driver.slashCommand({ user: 'U1', channel: 'C1', text: 'reject' });
    const opened = await fake.waitFor((f) => f.views()[0]);
    const res = await driver.submitView({ user: 'U1', view: opened.id, values: { reason: { text: 'no' } } });
    expect(res.body).toEqual({ response_action: 'errors', errors: { reason: 'Too short' } });
    expect(submitted).toEqual([{ reason: { text: { type: 'plain_text_input', value: 'no' } } }]);
  });
});
