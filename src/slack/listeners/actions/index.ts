import type { App } from '@slack/bolt';
import {
  confirmationIdValue,
  decodeValue,
  listMoreValue,
  powerRequestValue,
  vpsIdValue,
} from '../../action-values.js';
import { renderConfirmationClosed } from '../../blocks/confirmation.js';
import { esc, mention } from '../../blocks/elements.js';
import type { BotContext } from '../../context.js';
import { ActionId, actionIdPattern } from '../../ids.js';
import { list, showCard } from '../commands/read-commands.js';
import { offerConfirmation } from '../offer-confirmation.js';
import type { SlackRequest } from '../request.js';
import { buttonHandler } from './action-request.js';
import { confirmationHandlerFor } from './confirmation-kinds.js';

const stale =
  ':warning: This button is from an older message the bot cannot read any more. Run the command again.';

/** Every button the bot puts on a message. */
export function registerActions(app: App, ctx: BotContext): void {
  const requestPower = async (req: SlackRequest, raw: string | undefined) => {
    const value = decodeValue(powerRequestValue, raw);
    if (!value) return req.reply.text(stale);
    await offerConfirmation(req, value.vpsId, {
      kind: 'power',
      action: value.action,
      force: value.force ?? false,
    });
  };
  app.action(actionIdPattern(ActionId.requestPowerAction), buttonHandler(ctx, requestPower));
  app.action(actionIdPattern(ActionId.requestForceRestart), buttonHandler(ctx, requestPower));

  app.action(
    actionIdPattern(ActionId.confirm),
    buttonHandler(ctx, async (req, raw) => {
      const id = confirmationIdValue.safeParse(raw);
      if (!id.success) return req.reply.text(stale);
      const other = await confirmationHandlerFor(ctx, id.data);
      if (other) return other.confirm(req, id.data);
      const result = await ctx.actions.confirm({
        user: req.user,
        confirmationId: id.data,
        correlationId: req.correlationId,
      });
      ctx.pokeOutbox();
      switch (result.kind) {
        case 'closed':
          // Someone else's click or a second click: the original stays as it is for its owner.
          return req.reply.text(`:information_source: ${esc(result.reason)}`);
        case 'refused':
          return req.reply.replace(
            renderConfirmationClosed(`:no_entry: ${esc(result.reason)} Nothing was done.`),
          );
        case 'queued':
          return req.reply.replace(
            renderConfirmationClosed(
              `:white_check_mark: ${mention(req.user)} ${esc(result.vpsName)}: requested (job \`${esc(
                result.operation.jobId ?? '—',
              )}\`). Updates follow in the channel thread.`,
            ),
          );
        case 'approval-requested':
          return req.reply.replace(
            renderConfirmationClosed(
              `:busts_in_silhouette: ${esc(result.vpsName)}: this needs approval, so a request was posted in the channel. Nothing was done yet.`,
            ),
          );
        case 'hostname-changed':
          return req.reply.replace(
            renderConfirmationClosed(
              `:white_check_mark: Hostname of ${esc(result.vpsName)} is now \`${esc(result.result.hostname)}\`.`,
            ),
          );
        case 'failed':
          return req.reply.replace(
            renderConfirmationClosed(
              `:x: ${esc(result.vpsName)}: ${esc(result.message)}${
                result.mayHaveHappened ? '' : ' Nothing was changed.'
              }`,
            ),
          );
      }
    }),
  );

  app.action(
    actionIdPattern(ActionId.cancel),
    buttonHandler(ctx, async (req, raw) => {
      const id = confirmationIdValue.safeParse(raw);
      if (!id.success) return req.reply.text(stale);
      const other = await confirmationHandlerFor(ctx, id.data);
      if (other) return other.cancel(req, id.data);
      const result = await ctx.actions.cancel({
        user: req.user,
        confirmationId: id.data,
        correlationId: req.correlationId,
      });
      if (result.kind === 'closed' && result.reason.startsWith('Cancelled')) {
        return req.reply.replace(renderConfirmationClosed(`:heavy_multiplication_x: ${esc(result.reason)}`));
      }
      return req.reply.text(`:information_source: ${esc('reason' in result ? result.reason : '')}`);
    }),
  );

  app.action(
    actionIdPattern(ActionId.showVps),
    buttonHandler(ctx, async (req, raw) => {
      const id = vpsIdValue.safeParse(raw);
      if (!id.success) return req.reply.text(stale);
      await showCard(req, id.data);
    }),
  );

  app.action(
    actionIdPattern(ActionId.listMore),
    buttonHandler(ctx, async (req, raw) => {
      const value = decodeValue(listMoreValue, raw);
      if (!value) return req.reply.text(stale);
      await list(req, value.filter || null, value.offset);
    }),
  );
}
