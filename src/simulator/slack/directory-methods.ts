import type { MethodHandler } from './api-context.js';
import { optionalString, userArg } from './method-args.js';
import { SlackApiError } from './slack-api-error.js';

/** auth.test, users.info, usergroups.users.list and apps.connections.open. */

const authTest: MethodHandler = (_args, ctx) => ({
  url: 'https://fake-slack.example/',
  team: 'Fake Workspace',
  user: 'vps-bot',
  team_id: ctx.ids.teamId,
  user_id: ctx.ids.botUserId,
  bot_id: ctx.ids.botId,
  is_enterprise_install: false,
});

const usersInfo: MethodHandler = (args, ctx) => {
  const id = userArg(args);
  if (id === ctx.ids.botUserId) {
    return { user: userJson(id, ctx.ids.teamId, { name: 'vps-bot', realName: 'VPS bot' }, true) };
  }
  const user = ctx.users[id];
  if (user === undefined) throw new SlackApiError('user_not_found');
  return { user: userJson(id, ctx.ids.teamId, user, false) };
};

function userJson(
  id: string,
  teamId: string,
  user: { name: string; realName?: string; tz?: string },
  isBot: boolean,
) {
  const realName = user.realName ?? user.name;
  return {
    id,
    team_id: teamId,
    name: user.name,
    real_name: realName,
    deleted: false,
    is_bot: isBot,
    is_admin: false,
    tz: user.tz ?? 'Europe/Stockholm',
    profile: { real_name: realName, real_name_normalized: realName, display_name: user.name },
  };
}

/** Slack answers `{users: string[]}`; an unknown group id is `no_such_subteam`. */
const usergroupMembers: MethodHandler = (args, ctx) => {
  const id = optionalString(args, 'usergroup');
  const members = id === undefined ? undefined : ctx.usergroups[id];
  if (members === undefined) throw new SlackApiError('no_such_subteam');
  return { users: [...members] };
};

const connectionsOpen: MethodHandler = (_args, ctx) => ({ url: ctx.openSocketUrl() });

export const directoryMethods: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'users.info': usersInfo,
  'usergroups.users.list': usergroupMembers,
  'apps.connections.open': connectionsOpen,
};
