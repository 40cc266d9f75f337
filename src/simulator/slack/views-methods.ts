import type { ApiContext, MethodHandler } from './api-context.js';
import { validateView } from './block-kit-limits.js';
import { jsonArg, optionalString, userArg } from './method-args.js';
import { SlackApiError } from './slack-api-error.js';
import type { Json } from './types.js';
import { viewResponse } from './view-store.js';

/**
 * views.open / views.push (need a fresh trigger_id the fake issued), views.update (by view_id or
 * external_id, with an optional `hash` guard) and views.publish (a person's App Home). A view that breaks a Block Kit limit is refused with
 * `invalid_arguments`, the problems in `response_metadata.messages`, as Slack does for views.
 */

function viewArg(args: Json): Json {
  const view = jsonArg(args, 'view', 'invalid_arguments');
  if (typeof view !== 'object' || view === null || Array.isArray(view)) {
    throw new SlackApiError('invalid_arguments', ['[ERROR] missing required field: view']);
  }
  const problems = validateView(view);
  if (problems.length > 0) {
    throw new SlackApiError(
      'invalid_arguments',
      problems.map((p) => `[ERROR] ${p} [json-pointer:/view]`),
    );
  }
  return view as Json;
}

function respond(ctx: ApiContext, stored: Parameters<typeof viewResponse>[0]): Json {
  return { view: viewResponse(stored, ctx.ids) };
}

const open: MethodHandler = (args, ctx) => {
  const trigger = ctx.views.checkTrigger(args.trigger_id);
  const view = viewArg(args);
  return respond(ctx, ctx.views.open(trigger, view));
};

const push: MethodHandler = (args, ctx) => {
  const trigger = ctx.views.checkTrigger(args.trigger_id);
  const view = viewArg(args);
  return respond(ctx, ctx.views.open(trigger, view, trigger.viewId));
};

const update: MethodHandler = (args, ctx) => {
  const view = viewArg(args);
  const stored = ctx.views.update(
    {
      viewId: optionalString(args, 'view_id'),
      externalId: optionalString(args, 'external_id'),
      hash: args.hash,
    },
    view,
  );
  return respond(ctx, stored);
};

/** The App Home of `user_id`: a view of type "home" (up to 100 blocks). */
const publish: MethodHandler = (args, ctx) => {
  const user = userArg(args, 'user_id');
  const view = viewArg(args);
  if (view.type !== 'home') {
    throw new SlackApiError('invalid_arguments', [
      '[ERROR] views.publish takes a view of type home [json-pointer:/view/type]',
    ]);
  }
  return respond(ctx, ctx.views.publish(user, view, args.hash));
};

export const viewsMethods: Record<string, MethodHandler> = {
  'views.open': open,
  'views.push': push,
  'views.update': update,
  'views.publish': publish,
};
