import type { Clock } from '../../clock.js';
import type { RateStats } from './rate-counters.js';
import type { LimitsOption, ResolvedLimits } from './rate-limits.js';

export type { CallCounts, RateStats } from './rate-counters.js';
export type { LimitRule, LimitScope, LimitSettings, LimitsOption, ResolvedLimits } from './rate-limits.js';

export type Json = Record<string, unknown>;

export interface FakeSlackUser {
  name: string;
  realName?: string;
  /** IANA time zone `users.info` answers with. Default Europe/Stockholm. */
  tz?: string;
}

export interface FakeSlackOptions {
  /** Default 'xoxb-test'. */
  botToken?: string;
  /** App-level token, only good for `apps.connections.open`. Default 'xapp-test'. */
  appToken?: string;
  /**
   * The scopes each token was granted, sent back in the `x-oauth-scopes` header of every Web API
   * answer as Slack does. Default: the bot token has the manifest's bot scopes (src/slack/ids.ts),
   * the app-level token `connections:write`.
   */
  scopes?: { bot?: readonly string[]; app?: readonly string[] };
  teamId?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  users?: Record<string, FakeSlackUser>;
  /** Usergroup id (S…) → member user ids. */
  usergroups?: Record<string, string[]>;
  /** How long a trigger_id stays usable. Slack: 3 s. */
  triggerTtlMs?: number;
  /** How long a Socket Mode envelope waits for its ack. Slack: 3 s. */
  socketAckTimeoutMs?: number;
  /** Open Socket Mode connections the app may hold. Slack: 10. */
  socketMaxConnections?: number;
  /** How long after `refresh_requested` the fake closes the connection. Default 1000 ms. */
  socketCloseAfterRefreshMs?: number;
  /** Delays before each retry of an un-acked Events API envelope. Slack: [0, 60 000, 300 000] ms. */
  socketEventRetryDelaysMs?: readonly number[];
  /**
   * Web API rate limits: on by default with Slack's tiers (see rate-limits.ts); `'off'` for unit
   * tests that do not care, or `{speed, methods}` to scale or override them.
   */
  limits?: LimitsOption;
  /** Time for message ts, trigger expiry and response_url expiry. Default: the system clock. */
  clock?: Clock;
}

/** One Web API call (or response_url POST, recorded as method 'response_url'). */
export interface RecordedCall {
  method: string;
  /** Parsed arguments (form strings, with `blocks`/`view` decoded), without the token. */
  args: Json;
  /** Clock time in ms when the call arrived. */
  at: number;
  ok: boolean;
  error?: string;
  /** HTTP status the fake answered with. */
  status: number;
}

/** A previous version of an edited message. */
export interface MessageVersion {
  text?: string;
  blocks?: unknown[];
  /** ts-like clock time of the edit that replaced this version. */
  replacedAt: string;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  /** Message metadata (`{event_type, event_payload}`), returned by conversations.* with include_all_metadata. */
  metadata?: Json;
  /** Author: the bot user id for messages the bot posted. */
  user: string;
  botId?: string;
  threadTs?: string;
  replyBroadcast: boolean;
  /** Older versions, oldest first (chat.update / replace_original). */
  edits: MessageVersion[];
  deleted: boolean;
  /** How it arrived: the Web API or a response_url. */
  via: 'api' | 'response_url' | 'seed';
  /** Files shared with it (files.completeUploadExternal). */
  files?: Json[];
}

/** A file the bot uploaded (files.uploadV2). */
export interface StoredFile {
  id: string;
  filename: string;
  title: string;
  /** What files.getUploadURLExternal was told. */
  declaredLength: number;
  /** The bytes POSTed to the upload URL; null until then. */
  content: Buffer | null;
  /** Conversations it was shared in by files.completeUploadExternal. */
  channels: string[];
  completed: boolean;
}

export interface StoredEphemeral {
  channel: string;
  /** The one person who sees it. */
  user: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  threadTs?: string;
  edits: MessageVersion[];
  deleted: boolean;
  via: 'api' | 'response_url';
}

export interface StoredView {
  id: string;
  /** The person the modal is open for (from the trigger), when known. */
  user?: string;
  /** The view definition as the bot last sent it. */
  view: Json;
  hash: string;
  rootViewId: string;
  previousViewId?: string;
  /** Earlier definitions, oldest first (views.update). */
  history: Json[];
}

/** A fault injected with `failNext`. */
export type Fault = { status: 429; retryAfterSec: number } | { status: 500 } | { error: string };

/** The answer a Socket Mode client sent for one envelope. */
export interface SocketAck {
  envelopeId: string;
  type: string;
  /** The optional `payload` of the ack (e.g. `response_action` for a view submission). */
  payload?: Json;
  /** Time from sending the envelope to receiving the ack. */
  ms: number;
}

export type SocketEnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SocketSendOptions {
  /** How long to wait for the ack (default `socketAckTimeoutMs`). */
  timeoutMs?: number;
  /** Reuse an envelope id, to play a duplicate delivery. */
  envelopeId?: string;
  /** `newest` (Slack's choice here) or `all`: the same envelope on every open connection. */
  deliverTo?: 'newest' | 'all';
}

export interface SocketRefreshOptions {
  /** Time between the `warning` and `refresh_requested`. Slack: about 10 s. */
  warningMs?: number;
  /** Time between `refresh_requested` and the fake closing the connection (default `socketCloseAfterRefreshMs`). */
  closeAfterMs?: number;
}

export interface FakeSocketMode {
  /** Sends an envelope to the newest open connection; resolves with its ack or rejects on timeout. */
  send(type: SocketEnvelopeType, payload: Json, options?: SocketSendOptions): Promise<SocketAck>;
  /**
   * Sends `{type: 'disconnect', reason}` to every open connection; after `refresh_requested` or
   * `link_disabled` the fake closes them `socketCloseAfterRefreshMs` later.
   */
  disconnect(reason?: string): void;
  /**
   * Slack's refresh of every connection open now: `warning`, `refresh_requested` after
   * `warningMs`, the close after `closeAfterMs`. Resolves once those connections are closed.
   */
  refresh(options?: SocketRefreshOptions): Promise<void>;
  /** Drops every connection without a goodbye (a network failure). */
  terminateAll(): void;
  /** Open connections that have been sent `hello`. */
  readonly connectionCount: number;
  /** Connections accepted since start (grows on every reconnect). */
  readonly connectionsOpened: number;
  /** Connections refused with `too_many_websockets`. */
  readonly connectionsRefused: number;
  /** The first ack of each envelope, in arrival order. */
  readonly acks: readonly SocketAck[];
  /** Every ack frame received for one envelope id (more than 1: the app acked twice). */
  ackCount(envelopeId: string): number;
  /** Resolves once at least `count` connections are open. */
  waitForConnections(count?: number, timeoutMs?: number): Promise<void>;
}

export interface IssueResponseUrlInput {
  channel: string;
  user: string;
  /** The message a click came from, for `replace_original` / `delete_original`. */
  messageTs?: string;
  ephemeral?: boolean;
}

/** The fake's rate limits, in process (the same as `/_sim/rate-limits`). */
export interface FakeRateLimits {
  /** The settings in force. */
  readonly limits: ResolvedLimits;
  /** Replaces the settings (`'off'`, or speed and overrides); buckets start full, counters stay. */
  configure(option: LimitsOption): void;
  /** Calls, 429s, early retries and the busiest second, per method and per channel. */
  stats(): RateStats;
  clearStats(): void;
}

export interface FakeSlack {
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  /** Base URL, e.g. http://127.0.0.1:41234 (throws before `listen`). */
  readonly url: string;
  /** `${url}/api/`, what @slack/web-api's `slackApiUrl` takes. */
  readonly apiUrl: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly botToken: string;
  readonly appToken: string;
  readonly calls: readonly RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Channel-level messages: top-level ones and broadcast thread replies, oldest first. */
  messages(channel: string): StoredMessage[];
  /** Replies in the thread under `ts` (not the parent), oldest first. */
  thread(channel: string, ts: string): StoredMessage[];
  message(channel: string, ts: string): StoredMessage | undefined;
  ephemerals(user: string): StoredEphemeral[];
  views(): StoredView[];
  view(id: string): StoredView | undefined;
  /** The App Home the bot last published for `user` (views.publish). */
  home(user: string): StoredView | undefined;
  /** Files the bot uploaded, in upload order. */
  files(): StoredFile[];
  /** The bot's direct-message conversation with `user` (what conversations.open answers). */
  dmChannel(user: string): string;
  /** A message written by someone else (the bot may not edit it). */
  seedMessage(input: { channel: string; user: string; text: string; threadTs?: string }): StoredMessage;
  failNext(method: string, fault: Fault, times?: number): void;
  /** Resolves with the predicate's first truthy value, checked after every call and state change. */
  waitFor<T>(predicate: (fake: FakeSlack) => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  /**
   * Calls `listener` synchronously after every call and state change (messages, views, acks);
   * returns a function that unsubscribes. A listener must not throw.
   */
  onChange(listener: () => void): () => void;
  /** What the driver uses: a fresh trigger_id, valid for `triggerTtlMs`, once. */
  issueTriggerId(input?: { user?: string; viewId?: string }): string;
  /** What the driver uses: a response_url good for 5 uses within 30 minutes. */
  issueResponseUrl(input: IssueResponseUrlInput): string;
  readonly socket: FakeSocketMode;
  readonly rateLimits: FakeRateLimits;
}
