import { z } from 'zod';
import {
  appHomeOpened,
  type BuiltInteraction,
  blockActionsPayload,
  slashCommandPayload,
  viewSubmissionPayload,
} from '../simulator/slack/interaction-payloads.js';
import type { FakeSlack, Json } from '../simulator/slack/types.js';
import { viewResponse } from '../simulator/slack/view-store.js';
import { slashCommand } from '../slack/ids.js';
import { applyFault, type faultInput } from './faults.js';
import { findPerson, playgroundChannel } from './people.js';
import { type PostAnswer, postForm, postSigned } from './signed-post.js';
import type { PlaygroundState } from './ui-state.js';
import { type RawValues, stateValues } from './view-values.js';

/** What the page is told: done, or a sentence to show (never a stack trace). */
export type UiResult = { ok: true } | { ok: false; error: string };

const person = z.string().refine((id) => findPerson(id) !== undefined, 'unknown person');
const rawValues = z.record(
  z.string(),
  z.record(z.string(), z.union([z.string(), z.array(z.string()), z.null()])),
);

// Long text goes to the bot, which answers it with its own limit (the page's body limit is 256 KiB).
export const commandInput = z.object({ user: person, text: z.string().max(100_000) });
export const clickInput = z.object({
  user: person,
  actionId: z.string().min(1).max(255),
  blockId: z.string().max(255).optional(),
  messageTs: z.string().max(40).optional(),
  container: z.enum(['message', 'ephemeral', 'view']),
  viewId: z.string().max(40).optional(),
  value: z.string().max(2000).optional(),
  /** A modal's current inputs, for clicks and `dispatch_action` inside it. */
  values: rawValues.optional(),
});
export const submitInput = z.object({ user: person, viewId: z.string().max(40), values: rawValues });
export const closeInput = z.object({ user: person, viewId: z.string().max(40) });
export const homeInput = z.object({ user: person });

export interface UiActionsDeps {
  fake: FakeSlack;
  state: PlaygroundState;
  /** The bot's /slack/events URL and the signing secret it checks. */
  botUrl: string;
  signingSecret: string;
  /** The HostUp simulator, whose control routes the page's fault buttons call. */
  hostupUrl: string;
}

/**
 * What the page's composer, buttons and modals do: each becomes the very request Slack would send
 * (built by interaction-payloads.ts against the fake's state), signed and POSTed to the bot.
 */
export function createUiActions(deps: UiActionsDeps) {
  const { fake, state } = deps;
  const channel = playgroundChannel.id;
  const send = (built: BuiltInteraction, asForm: boolean): Promise<PostAnswer> => {
    const body = asForm
      ? new URLSearchParams({ payload: JSON.stringify(built.payload) }).toString()
      : new URLSearchParams(built.payload as Record<string, string>).toString();
    return postSigned(deps.botUrl, deps.signingSecret, body);
  };

  return {
    async command(input: z.infer<typeof commandInput>): Promise<UiResult> {
      const typed = input.text.trim();
      const match = /^(\/\S+)(?:\s+([\s\S]*))?$/.exec(typed);
      if (match === null) {
        return fail(`Only slash commands work here: try \`${slashCommand} help\`.`);
      }
      const [, command = '', text = ''] = match;
      if (command !== slashCommand) {
        return fail(`${command} is not a command in this workspace. Try \`${slashCommand} help\`.`);
      }
      state.echo(input.user, typed);
      const name = findPerson(input.user)?.name.toLowerCase() ?? input.user;
      const built = slashCommandPayload(fake, { user: input.user, channel, text, command, userName: name });
      return answered(await send(built, false), command);
    },

    async click(input: z.infer<typeof clickInput>): Promise<UiResult> {
      if (!stillThere(input)) return fail('That message or modal is gone: nothing was sent.');
      let built: BuiltInteraction;
      try {
        built = blockActionsPayload(
          fake,
          {
            user: input.user,
            channel,
            actionId: input.actionId,
            container: input.container,
            ...optional({ blockId: input.blockId, messageTs: input.messageTs, viewId: input.viewId }),
            ...optional({ value: input.value }),
          },
          Date.now(),
        );
      } catch {
        return fail('That message or modal is gone: nothing was sent.');
      }
      const view = built.payload.view as Json | undefined;
      if (view !== undefined && input.values !== undefined) {
        const stored = fake.view(String(view.id));
        view.state = { values: stateValues(stored?.view.blocks, input.values) };
      }
      return answered(await send(built, true), 'that button');
    },

    async submit(input: z.infer<typeof submitInput>): Promise<UiResult> {
      const stored = fake.view(input.viewId);
      if (
        stored === undefined ||
        stored.user !== input.user ||
        state.openView(input.user)?.id !== stored.id
      ) {
        return fail('That modal is no longer open.');
      }
      const values = stateValues(stored.view.blocks, input.values as RawValues);
      const built = viewSubmissionPayload(fake, { user: input.user, view: stored, values });
      const answer = await send(built, true);
      if (answer.status !== 200) return answered(answer, 'the form');
      return applyResponseAction(answer.json, stored.id, input.user);
    },

    /** Opening the bot's Home tab: Slack sends the app an `app_home_opened` event. */
    async openHome(input: z.infer<typeof homeInput>): Promise<UiResult> {
      const payload = appHomeOpened(fake, input.user, Date.now());
      const answer = await postSigned(
        deps.botUrl,
        deps.signingSecret,
        JSON.stringify(payload),
        'application/json',
      );
      return answered(answer, 'opening the Home tab');
    },

    async fault(input: z.infer<typeof faultInput>): Promise<UiResult> {
      state.setFault(await applyFault(deps.hostupUrl, input.fault));
      return { ok: true };
    },

    async close(input: z.infer<typeof closeInput>): Promise<UiResult> {
      const stored = fake.view(input.viewId);
      if (stored === undefined || stored.user !== input.user) return fail('That modal is no longer open.');
      state.closeView(stored.id);
      if (stored.view.notify_on_close !== true) return { ok: true };
      // Slack tells the app only when the view asked for it.
      const payload = {
        type: 'view_closed',
        team: { id: fake.teamId, domain: 'fake-workspace' },
        user: { id: input.user, team_id: fake.teamId },
        api_app_id: fake.appId,
        view: viewResponse(stored, fake),
        is_cleared: false,
      };
      return answered(await send({ payload, triggerId: '' }, true), 'closing the modal');
    },
  };

  /** The clicked message (or open modal) still exists for this person: Slack sends nothing otherwise. */
  function stillThere(input: z.infer<typeof clickInput>): boolean {
    if (input.container === 'view') {
      if (input.viewId === undefined) return false;
      return state.openView(input.user)?.id === input.viewId || fake.home(input.user)?.id === input.viewId;
    }
    if (input.messageTs === undefined) return false;
    if (input.container === 'message') return fake.message(channel, input.messageTs) !== undefined;
    return fake.ephemerals(input.user).some((e) => e.channel === channel && e.ts === input.messageTs);
  }

  /** A view submission's ack: close (empty), show field errors, update, push or clear the stack. */
  async function applyResponseAction(ack: unknown, viewId: string, user: string): Promise<UiResult> {
    const a = (typeof ack === 'object' && ack !== null ? ack : {}) as Json;
    switch (a.response_action) {
      case 'errors':
        state.setViewErrors(viewId, (a.errors ?? {}) as Record<string, string>);
        return { ok: true };
      case 'clear':
        state.closeStack(viewId);
        return { ok: true };
      case 'update':
      case 'push': {
        // Slack applies these itself; the fake does it through its own Web API, with the bot token.
        const method = a.response_action === 'update' ? 'views.update' : 'views.push';
        const target: Record<string, string> =
          method === 'views.update'
            ? { view_id: viewId }
            : { trigger_id: fake.issueTriggerId({ user, viewId }) };
        const body = new URLSearchParams({ ...target, view: JSON.stringify(a.view ?? {}) }).toString();
        const answer = await postForm(`${fake.apiUrl}${method}`, body, {
          authorization: `Bearer ${fake.botToken}`,
        });
        const json = answer.json as { ok?: boolean; error?: string } | undefined;
        return json?.ok
          ? { ok: true }
          : fail(`Slack refused the bot's ${method}: ${json?.error ?? 'error'}.`);
      }
      default:
        state.closeView(viewId);
        return { ok: true };
    }
  }
}

export type UiActions = ReturnType<typeof createUiActions>;

function answered(answer: PostAnswer, what: string): UiResult {
  if (answer.status === 200) return { ok: true };
  // Slack shows a person this when an app does not ack in time or refuses the request.
  return fail(
    `${what} failed: the app answered HTTP ${answer.status} (Slack would say "operation_timeout").`,
  );
}

function fail(error: string): UiResult {
  return { ok: false, error };
}

/** Keeps only the defined entries, for exactOptionalPropertyTypes-friendly spreading. */
function optional<T extends Record<string, string | undefined>>(input: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<
    Record<keyof T, string>
  >;
}
