import type { NotRebooted } from '../../../domain/app-server-notifications.js';
import { names } from '../../blocks/app-server-notifications.js';
import { renderAppServersNotConfigured } from '../../blocks/app-servers.js';
import { renderConfirmationClosed } from '../../blocks/confirmation.js';
import { esc, mention } from '../../blocks/elements.js';
import type { BotContext } from '../../context.js';
import type { SlackRequest } from '../request.js';
import type { ConfirmationHandler } from './confirmation-kinds.js';

/** Confirm and Cancel of `/vps appserver reboot`: the private confirmation is replaced by the outcome. */
export function appServerRebootConfirmation(ctx: BotContext): ConfirmationHandler {
  return {
    async confirm(req: SlackRequest, confirmationId: string) {
      const actions = ctx.appServers;
      if (!actions) return req.reply.send(renderAppServersNotConfigured());
      const result = await actions.confirm({
        user: req.user,
        confirmationId,
        correlationId: req.correlationId,
      });
      ctx.pokeOutbox();
      switch (result.kind) {
        case 'closed':
          // Someone else's click or a second click: the original stays as it is for its owner.
          return req.reply.text(`:information_source: ${esc(result.reason)}`);
        case 'refused':
          return req.reply.replace(renderConfirmationClosed(`:no_entry: ${esc(result.reason)}`));
        case 'approval-requested':
          return req.reply.replace(
            renderConfirmationClosed(
              ':busts_in_silhouette: This reboot needs approval, so a request was posted in the channel. Nothing was done yet.',
            ),
          );
        case 'rebooting': {
          const n = result.accepted.length;
          const which = n === 1 ? esc(result.accepted[0]!) : `${n} app servers`;
          return req.reply.replace(
            renderConfirmationClosed(
              `:white_check_mark: ${mention(req.user)} Huawei accepted the reboot of ${which}. Updates follow in the channel thread.${notRebootedLine(result.notRebooted)}`,
            ),
          );
        }
        case 'failed':
          return req.reply.replace(
            renderConfirmationClosed(
              `:x: ${esc(result.message)}${
                result.mayHaveHappened
                  ? ' The reboot may still have been carried out: check the servers before trying again.'
                  : ' Nothing was rebooted.'
              }`,
            ),
          );
      }
    },

    async cancel(req: SlackRequest, confirmationId: string) {
      const actions = ctx.appServers;
      if (!actions) return req.reply.send(renderAppServersNotConfigured());
      const result = await actions.cancel({
        user: req.user,
        confirmationId,
        correlationId: req.correlationId,
      });
      if (result.kind === 'closed' && result.reason.startsWith('Cancelled')) {
        return req.reply.replace(renderConfirmationClosed(`:heavy_multiplication_x: ${esc(result.reason)}`));
      }
      return req.reply.text(`:information_source: ${esc('reason' in result ? result.reason : '')}`);
    },
  };
}

function notRebootedLine(list: readonly NotRebooted[]): string {
  if (list.length === 0) return '';
  return `\n:warning: Not rebooted: ${esc(names(list.map((r) => r.name)))} — ${esc(list[0]!.error ?? 'not sent after an earlier request failed')}`;
}
