import type { App } from '@slack/bolt';
import {
  confirmationIdValue,
  decodeValue,
  listMoreValue,
  operationIdValue,
  powerRequestValue,
  vpsIdValue,
} from '../../action-values.js';
import { cancelledReply, confirmedReply } from '../../blocks/outcomes.js';
import type { BotContext } from '../../context.js';
import { ActionId, actionIdPattern } from '../../ids.js';
import { offerPower } from '../commands/act-commands.js';
import { list, showCard } from '../commands/read-commands.js';
import { buttonHandler } from './action-request.js';
import { registerStepActions } from './step-actions.js';

const stale =
  ':warning: This button is from an older message the bot cannot read any more. Run the command again.';

/**
 * Every button the bot puts on a message. A button never carries an instruction the bot would
 * follow blindly: Confirm and Cancel carry a confirmation id (what runs is read from the stored
 * confirmation), the escalation after a failed restart carries an operation id, and card buttons
 * carry a VPS id that goes through the same resolution, policy and confirmation as a command.
 */
export function registerActions(app: App, ctx: BotContext): void {
  app.action(
    actionIdPattern(ActionId.requestPowerAction),
    buttonHandler(ctx, async (req, raw) => {
      const value = decodeValue(powerRequestValue, raw);
      if (!value) return req.reply.text(stale);
      await offerPower(req, value.vpsId, value.action, value.force ?? false);
    }),
  );

  app.action(
    actionIdPattern(ActionId.requestForceRestart),
    buttonHandler(ctx, async (req, raw) => {
      const id = operationIdValue.safeParse(raw);
      const op = id.success ? await ctx.store.getOperation(id.data) : null;
      // Only a graceful restart that failed is escalated, and only on the VPS it ran on.
      if (op?.provider !== 'hostup' || op.action !== 'restart') return req.reply.text(stale);
      await offerPower(req, op.targetId, 'restart', true);
    }),
  );

  app.action(
    actionIdPattern(ActionId.confirm),
    buttonHandler(ctx, async (req, raw) => {
      const id = confirmationIdValue.safeParse(raw);
      if (!id.success) return req.reply.text(stale);
      const result = await ctx.confirmations.confirm({
        user: req.user,
        confirmationId: id.data,
        correlationId: req.correlationId,
      });
      ctx.pokeOutbox();
      await req.reply.answer(confirmedReply(result, req.user));
    }),
  );

  app.action(
    actionIdPattern(ActionId.cancel),
    buttonHandler(ctx, async (req, raw) => {
      const id = confirmationIdValue.safeParse(raw);
      if (!id.success) return req.reply.text(stale);
      const result = await ctx.confirmations.cancel({
        user: req.user,
        confirmationId: id.data,
        correlationId: req.correlationId,
      });
      await req.reply.answer(cancelledReply(result));
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

  registerStepActions(app, ctx);
}
