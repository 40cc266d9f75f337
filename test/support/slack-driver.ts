import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  appHomeOpened,
  type BuiltInteraction,
  blockActionsPayload,
  type ClickInput,
  type SlashCommandInput,
  type SubmitViewInput,
  slashCommandPayload,
  viewSubmissionPayload,
} from '../../src/simulator/slack/interaction-payloads.js';
import type { FakeSlack, SocketAck } from '../../src/simulator/slack/server.js';
import { signSlackRequest } from '../../src/simulator/slack/slack-signature.js';

export type { ClickInput, SlashCommandInput, SubmitViewInput };
export { signSlackRequest };

export interface SlackDriverOptions {
  /** Where the bot receives Slack's requests, e.g. http://127.0.0.1:3000/slack/events. */
  botUrl: string;
  signingSecret: string;
  fake: FakeSlack;
  /** Milliseconds since the epoch, for X-Slack-Request-Timestamp. Default Date.now. */
  clock?: () => number;
}

/** For bad-signature and stale-request tests. A forged `timestamp` (seconds) is still signed correctly. */
export interface Forge {
  signature?: string;
  timestamp?: number;
}

export interface DriverResponse {
  status: number;
  /** Parsed JSON when the bot answered JSON, else the text ('' for an empty 200). */
  body: unknown;
  /** Time until the HTTP answer: Slack gives up after 3 s. */
  ms: number;
  triggerId: string;
  responseUrl?: string;
}

export type DriverAck = SocketAck & { triggerId: string; responseUrl?: string };

export interface SlackDriver {
  slashCommand(input: SlashCommandInput, forge?: Forge): Promise<DriverResponse>;
  click(input: ClickInput, forge?: Forge): Promise<DriverResponse>;
  submitView(input: SubmitViewInput, forge?: Forge): Promise<DriverResponse>;
  /** The Events API delivery Slack sends when `user` opens the bot's App Home. */
  openHome(user: string, forge?: Forge): Promise<DriverResponse>;
  /** The same payloads through the fake's Socket Mode; resolve with the client's ack. */
  viaSocket: {
    slashCommand(input: SlashCommandInput): Promise<DriverAck>;
    click(input: ClickInput): Promise<DriverAck>;
    submitView(input: SubmitViewInput): Promise<DriverAck>;
    openHome(user: string): Promise<SocketAck>;
  };
}

/**
 * Plays Slack's side of an app's HTTP endpoint: builds the request Slack would send, signs it like
 * Slack (`v0=` HMAC-SHA256 over `v0:<ts>:<raw body>`), POSTs it, and times the answer. Every request
 * registers a fresh trigger_id (and response_url where Slack gives one) with the fake.
 */
export function createSlackDriver(options: SlackDriverOptions): SlackDriver {
  const clock = options.clock ?? Date.now;
  const { fake } = options;

  const send = async (
    built: BuiltInteraction,
    rawBody: string,
    forge: Forge = {},
    contentType = 'application/x-www-form-urlencoded',
  ): Promise<DriverResponse> => {
    const timestamp = forge.timestamp ?? Math.floor(clock() / 1000);
    const signature = forge.signature ?? signSlackRequest(options.signingSecret, timestamp, rawBody);
    const answer = await post(options.botUrl, rawBody, {
      'content-type': contentType,
      'x-slack-signature': signature,
      'x-slack-request-timestamp': String(timestamp),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    });
    return {
      ...answer,
      triggerId: built.triggerId,
      ...(built.responseUrl === undefined ? {} : { responseUrl: built.responseUrl }),
    };
  };
  const asForm = (built: BuiltInteraction) => new URLSearchParams({ payload: JSON.stringify(built.payload) });
  const viaSocket = async (
    type: 'slash_commands' | 'interactive',
    built: BuiltInteraction,
  ): Promise<DriverAck> => {
    const ack = await fake.socket.send(type, built.payload);
    return {
      ...ack,
      triggerId: built.triggerId,
      ...(built.responseUrl === undefined ? {} : { responseUrl: built.responseUrl }),
    };
  };

  return {
    slashCommand(input, forge) {
      const built = slashCommandPayload(fake, input);
      const form = new URLSearchParams(built.payload as Record<string, string>);
      return send(built, form.toString(), forge);
    },
    click(input, forge) {
      const built = blockActionsPayload(fake, input, clock());
      return send(built, asForm(built).toString(), forge);
    },
    submitView(input, forge) {
      const built = viewSubmissionPayload(fake, input);
      return send(built, asForm(built).toString(), forge);
    },
    openHome(user, forge) {
      const payload = appHomeOpened(fake, user, clock());
      return send({ payload, triggerId: '' }, JSON.stringify(payload), forge, 'application/json');
    },
    viaSocket: {
      openHome: (user) => fake.socket.send('events_api', appHomeOpened(fake, user, clock())),
      slashCommand: (input) => viaSocket('slash_commands', slashCommandPayload(fake, input)),
      click: (input) => viaSocket('interactive', blockActionsPayload(fake, input, clock())),
      submitView: (input) => viaSocket('interactive', viewSubmissionPayload(fake, input)),
    },
  };
}

/** One POST on a fresh connection (no keep-alive agent left behind to hold the test process open). */
function post(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: unknown; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const ms = performance.now() - started;
          const text = Buffer.concat(chunks).toString('utf8');
          const isJson = res.headers['content-type']?.includes('application/json') ?? false;
          resolve({ status: res.statusCode ?? 0, body: isJson && text !== '' ? safeJson(text) : text, ms });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
