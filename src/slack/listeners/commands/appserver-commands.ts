import { filterAppServers } from '../../../domain/resolve-app-server.js';
import {
  renderAppServerList,
  renderAppServerProblems,
  renderAppServerRebootConfirmation,
  renderAppServersNotConfigured,
} from '../../blocks/app-servers.js';
import { esc } from '../../blocks/elements.js';
import type { SlackRequest } from '../request.js';

/** `/vps appservers [filter]`: the app servers with their state and sessions. */
export async function appServers(req: SlackRequest, filter: string | null): Promise<void> {
  const actions = req.ctx.appServers;
  if (!actions) return req.reply.send(renderAppServersNotConfigured());
  const servers = filterAppServers(filter, await actions.list());
  await req.reply.send(renderAppServerList({ servers, filter: filter ?? '' }));
}

/**
 * `/vps appserver reboot <server…> [--hard]`: every name resolved through the API, then a private
 * confirmation that says who will be logged out. Nothing is offered while a name is unclear.
 */
export async function appServerReboot(
  req: SlackRequest,
  queries: readonly string[],
  hard: boolean,
): Promise<void> {
  const actions = req.ctx.appServers;
  if (!actions) return req.reply.send(renderAppServersNotConfigured());
  const prepared = await actions.prepare({
    user: req.user,
    channel: req.channel,
    queries,
    hard,
    correlationId: req.correlationId,
  });
  switch (prepared.kind) {
    case 'refused':
      return req.reply.text(`:no_entry: ${esc(prepared.reason)}`);
    case 'unresolved':
      return req.reply.send(renderAppServerProblems(prepared.problems));
    case 'confirm':
      return req.reply.send(
        renderAppServerRebootConfirmation({
          confirmationId: prepared.confirmation.id,
          servers: prepared.servers,
          type: prepared.type,
          expiresInMinutes: actions.confirmationTtlMinutes,
        }),
      );
  }
}
