import { filterAppServers } from '../../../domain/resolve-app-server.js';
import { appServerTargets } from '../../../services/app-server-targets.js';
import {
  renderAppServerList,
  renderAppServerProblems,
  renderAppServerRebootConfirmation,
  renderAppServersNotConfigured,
} from '../../blocks/app-servers.js';
import { preparedReply } from '../../blocks/outcomes.js';
import { replyPlace } from '../offer-confirmation.js';
import type { SlackRequest } from '../request.js';

/** `/vps appservers [filter]`: the app servers with their state and sessions. */
export async function appServers(req: SlackRequest, filter: string | null): Promise<void> {
  const huawei = req.ctx.huawei;
  if (!huawei) return req.reply.send(renderAppServersNotConfigured());
  const servers = filterAppServers(filter, await huawei.listAppServers());
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
  breakGlass?: string,
): Promise<void> {
  const huawei = req.ctx.huawei;
  if (!huawei) return req.reply.send(renderAppServersNotConfigured());
  const targets = await appServerTargets(huawei, queries, hard);
  if (targets.code === 'unresolved') return req.reply.send(renderAppServerProblems(targets.problems));
  const reply = replyPlace(req);
  const prepared = await req.ctx.confirmations.prepare({
    user: req.user,
    channel: req.channel,
    request: targets.request,
    correlationId: req.correlationId,
    ...(breakGlass ? { breakGlass } : {}),
    replyUrl: reply.url,
  });
  if (prepared.code === 'refused') return req.reply.answer(preparedReply(prepared));
  await req.reply.send(
    renderAppServerRebootConfirmation({
      confirmationId: prepared.confirmation.id,
      servers: targets.servers,
      type: hard ? 'HARD' : 'SOFT',
      expiresInMinutes: prepared.ttlMinutes,
      approval: prepared.approval,
    }),
  );
}
