import { findElement } from './find-element.js';
import { compareTs } from './message-store.js';
import type { FakeSlack, Json, StoredEphemeral, StoredMessage, StoredView } from './types.js';
import { viewResponse } from './view-store.js';

/**
 * What Slack sends an app for a slash command, a click and a view submission, built against the
 * fake's state (so a click carries the message and element the bot really rendered) and with a
 * fresh trigger_id and response_url registered with the fake. Used over HTTP (signed) and Socket
 * Mode alike: Slack sends the same payloads both ways.
 */

export interface SlashCommandInput {
  user: string;
  channel: string;
  text: string;
  command?: string;
  userName?: string;
  channelName?: string;
}

export interface ClickInput {
  user: string;
  channel: string;
  actionId: string;
  /** The clicked message; default: the newest message in `channel` with an element using `actionId`. */
  messageTs?: string;
  /** Default: the element's own value. For selects and overflows, the chosen option's value. */
  value?: string;
  blockId?: string;
  container?: 'message' | 'ephemeral' | 'view';
  /** For `container: 'view'`; default: the newest view with an element using `actionId`. */
  viewId?: string;
}

export interface SubmitViewInput {
  user: string;
  /** A view id the fake knows, or the stored view itself. */
  view: string | StoredView;
  /** block_id → action_id → value; a string is shorthand for a plain_text_input value. */
  values: Record<string, Record<string, string | Json>>;
}

export interface BuiltInteraction {
  payload: Json;
  triggerId: string;
  responseUrl?: string;
}

/** Form fields of a slash command (as JSON in Socket Mode). */
export function slashCommandPayload(fake: FakeSlack, input: SlashCommandInput): BuiltInteraction {
  const triggerId = fake.issueTriggerId({ user: input.user });
  const responseUrl = fake.issueResponseUrl({ channel: input.channel, user: input.user });
  const payload: Record<string, string> = {
    token: 'legacy-verification-token',
    team_id: fake.teamId,
    team_domain: 'fake-workspace',
    channel_id: input.channel,
    channel_name: input.channelName ?? 'ops',
    user_id: input.user,
    user_name: input.userName ?? input.user.toLowerCase(),
    command: input.command ?? '/vps',
    text: input.text,
    api_app_id: fake.appId,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId,
  };
  return { payload, triggerId, responseUrl };
}

/** A `block_actions` payload for clicking `actionId` on a message or in a modal. */
export function blockActionsPayload(fake: FakeSlack, input: ClickInput, nowMs: number): BuiltInteraction {
  const user = userJson(fake, input.user);
  const base = { type: 'block_actions', user, api_app_id: fake.appId, token: 'legacy-verification-token' };
  const team = { id: fake.teamId, domain: 'fake-workspace' };
  const actionTs = (nowMs / 1000).toFixed(6);
  if (input.container === 'view') {
    const view = input.viewId === undefined ? newestViewWith(fake, input.actionId) : fake.view(input.viewId);
    if (view === undefined) throw new Error(`click: no view has an element with action_id ${input.actionId}`);
    const found = findElement(asBlocks(view.view.blocks), input.actionId);
    const triggerId = fake.issueTriggerId({ user: input.user, viewId: view.id });
    const viewJson = viewResponse(view, { teamId: fake.teamId, appId: fake.appId, botId: fake.botId });
    return {
      triggerId,
      payload: {
        ...base,
        team,
        container: { type: 'view', view_id: view.id },
        trigger_id: triggerId,
        view: viewJson,
        actions: [action(input, found, actionTs)],
        is_enterprise_install: false,
        enterprise: null,
      },
    };
  }
  const target = locateMessage(fake, input);
  const ephemeral = target?.ephemeral ?? input.container === 'ephemeral';
  const messageTs = input.messageTs ?? target?.message.ts;
  if (messageTs === undefined) {
    throw new Error(`click: no message in ${input.channel} has an element with action_id ${input.actionId}`);
  }
  const found = findElement(target?.message.blocks, input.actionId);
  const triggerId = fake.issueTriggerId({ user: input.user });
  const responseUrl = fake.issueResponseUrl({
    channel: input.channel,
    user: input.user,
    messageTs,
    ephemeral,
  });
  const message =
    target === undefined || ephemeral ? undefined : messageJson(target.message as StoredMessage);
  return {
    triggerId,
    responseUrl,
    payload: {
      ...base,
      team,
      container: {
        type: 'message',
        message_ts: messageTs,
        channel_id: input.channel,
        is_ephemeral: ephemeral,
      },
      trigger_id: triggerId,
      channel: { id: input.channel, name: 'ops' },
      ...(message === undefined ? {} : { message }),
      state: { values: {} },
      response_url: responseUrl,
      actions: [action(input, found, actionTs)],
      is_enterprise_install: false,
      enterprise: null,
    },
  };
}

/** A `view_submission` payload: the stored view with `state.values` filled in. No response_url. */
export function viewSubmissionPayload(fake: FakeSlack, input: SubmitViewInput): BuiltInteraction {
  const view = typeof input.view === 'string' ? fake.view(input.view) : input.view;
  if (view === undefined) throw new Error(`submitView: the fake has no view ${String(input.view)}`);
  const triggerId = fake.issueTriggerId({ user: input.user, viewId: view.id });
  const values: Record<string, Record<string, Json>> = {};
  for (const [blockId, actions] of Object.entries(input.values)) {
    values[blockId] = {};
    for (const [actionId, value] of Object.entries(actions)) {
      values[blockId][actionId] = typeof value === 'string' ? { type: 'plain_text_input', value } : value;
    }
  }
  const viewJson = viewResponse(view, { teamId: fake.teamId, appId: fake.appId, botId: fake.botId });
  return {
    triggerId,
    payload: {
      type: 'view_submission',
      team: { id: fake.teamId, domain: 'fake-workspace' },
      user: userJson(fake, input.user),
      api_app_id: fake.appId,
      token: 'legacy-verification-token',
      trigger_id: triggerId,
      view: { ...viewJson, state: { values } },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    },
  };
}

function userJson(fake: FakeSlack, id: string): Json {
  const name = id.toLowerCase();
  return { id, username: name, name, team_id: fake.teamId };
}

function action(input: ClickInput, found: ReturnType<typeof findElement>, actionTs: string): Json {
  const element = found?.element ?? {};
  const type = typeof element.type === 'string' ? element.type : 'button';
  const blockId = input.blockId ?? found?.blockId ?? 'fake-block';
  const value = input.value ?? (typeof element.value === 'string' ? element.value : undefined);
  const base: Json = { type, action_id: input.actionId, block_id: blockId, action_ts: actionTs };
  if (type === 'button') {
    return { ...base, text: element.text ?? { type: 'plain_text', text: input.actionId }, value };
  }
  if (['static_select', 'overflow', 'radio_buttons'].includes(type)) {
    const options = [
      ...asBlocks(element.options),
      ...asBlocks(element.option_groups).flatMap((g) => asBlocks((g as Json).options)),
    ] as Json[];
    const option = options.find((o) => o.value === value) ?? {
      text: { type: 'plain_text', text: value },
      value,
    };
    return { ...base, selected_option: option };
  }
  return { ...base, value };
}

type Located = { message: StoredMessage | StoredEphemeral; ephemeral: boolean };

function locateMessage(fake: FakeSlack, input: ClickInput): Located | undefined {
  const channelMessages = fake.messages(input.channel);
  const replies = channelMessages.flatMap((m) => fake.thread(input.channel, m.ts));
  const candidates: Located[] = [
    ...[...channelMessages, ...replies].map((message) => ({ message, ephemeral: false })),
    ...fake
      .ephemerals(input.user)
      .filter((m) => m.channel === input.channel)
      .map((message) => ({ message, ephemeral: true })),
  ].filter(
    (c) =>
      (input.container === undefined || c.ephemeral === (input.container === 'ephemeral')) &&
      (input.messageTs === undefined || c.message.ts === input.messageTs),
  );
  const withElement = candidates.filter((c) => findElement(c.message.blocks, input.actionId) !== undefined);
  const pool = input.messageTs === undefined ? withElement : candidates;
  return pool.sort((a, b) => compareTs(a.message.ts, b.message.ts)).at(-1);
}

function newestViewWith(fake: FakeSlack, actionId: string): StoredView | undefined {
  return fake
    .views()
    .filter((v) => findElement(asBlocks(v.view.blocks), actionId) !== undefined)
    .at(-1);
}

function messageJson(message: StoredMessage): Json {
  return {
    type: 'message',
    user: message.user,
    ...(message.botId === undefined ? {} : { bot_id: message.botId }),
    text: message.text ?? '',
    ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
    ts: message.ts,
    ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
  };
}

function asBlocks(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** An Events API delivery (`event_callback`), e.g. `{type: 'app_home_opened', user, tab: 'home'}`. */
export function eventCallbackPayload(fake: FakeSlack, event: Json, nowMs: number): Json {
  const eventTs = (nowMs / 1000).toFixed(6);
  return {
    token: 'legacy-verification-token',
    team_id: fake.teamId,
    api_app_id: fake.appId,
    event: { event_ts: eventTs, ...event },
    type: 'event_callback',
    event_id: `Ev${Math.floor(nowMs)}${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
    event_time: Math.floor(nowMs / 1000),
    authorizations: [
      { team_id: fake.teamId, user_id: fake.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
}

/** What Slack sends when a person opens the bot's App Home (`tab: 'home'`) or its Messages tab. */
export function appHomeOpened(
  fake: FakeSlack,
  user: string,
  nowMs: number,
  tab: 'home' | 'messages' = 'home',
): Json {
  const home = fake.home(user);
  return eventCallbackPayload(
    fake,
    {
      type: 'app_home_opened',
      user,
      channel: fake.dmChannel(user),
      tab,
      ...(home ? { view: viewResponse(home, fake) } : {}),
    },
    nowMs,
  );
}
