import { forceRestartInfo, powerActionInfo } from '../../domain/actions.js';
import type { PendingAction } from '../../services/vps-actions.js';
import { renderConfirmation } from '../blocks/confirmation.js';
import { esc } from '../blocks/elements.js';
import { vpsLine } from '../blocks/vps-format.js';
import type { SlackRequest } from './request.js';

/**
 * Checks an acting request and, when it may go ahead, shows the requester a private
 * confirmation naming the server and what will happen. Used by commands and buttons alike.
 */
export async function offerConfirmation(
  req: SlackRequest,
  vpsId: string,
  request: PendingAction,
): Promise<void> {
  const prepared = await req.ctx.actions.prepare({
    user: req.user,
    channel: req.channel,
    vpsId,
    request,
    correlationId: req.correlationId,
  });
  if (prepared.kind === 'refused') {
    await req.reply.text(`:no_entry: ${esc(prepared.reason)}`);
    return;
  }
  const { vps, confirmation } = prepared;
  const name = esc(vps.name);
  const copy =
    request.kind === 'hostname'
      ? {
          title: `Change the hostname of ${vps.name}?`,
          what: `Sets the hostname of *${name}* from \`${esc(vps.hostname ?? 'unknown')}\` to \`${esc(request.hostname)}\`; reverse DNS follows.`,
          warning: null,
          confirmLabel: 'Change hostname',
        }
      : request.force
        ? {
            title: `Force a restart of ${vps.name}?`,
            what: `This ${forceRestartInfo.effect}.\n${vpsLine(vps)}`,
            warning: forceRestartInfo.warning,
            confirmLabel: 'Force restart',
          }
        : {
            title: `${powerActionInfo[request.action].label} ${vps.name}?`,
            what: `This ${powerActionInfo[request.action].effect}.\n${vpsLine(vps)}`,
            warning: powerActionInfo[request.action].warning,
            confirmLabel: powerActionInfo[request.action].label,
          };
  // VPS_REQUIRE_APPROVAL: say before Confirm that it only asks, and for whom.
  const approval = req.ctx.approvals.needsApproval(request)
    ? {
        what: `${copy.what}\n:busts_in_silhouette: This needs approval: confirming posts a request in the channel for someone in VPS_APPROVERS.`,
        confirmLabel: 'Ask for approval',
      }
    : {};
  await req.reply.send(
    renderConfirmation({
      confirmationId: confirmation.id,
      ...copy,
      ...approval,
      expiresInMinutes: req.ctx.actions.confirmationTtlMinutes,
    }),
  );
}
