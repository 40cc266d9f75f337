import type { App } from '@slack/bolt';
import { operationIdValue } from '../../action-values.js';
import { requestReply } from '../../blocks/outcomes.js';
import { stepDecisionReply } from '../../blocks/step-outcomes.js';
import type { BotContext } from '../../context.js';
import { ActionId, actionIdPattern } from '../../ids.js';
import { buttonHandler } from './action-request.js';

const stale = ':warning: This button is from a message the bot cannot read any more.';

/**
 * The buttons of the safety features, each carrying an operation id and nothing else: Undo on a
 * restore's final reply (a new restore request of the safety point that operation took, through
 * the same approval), and the choice after a failed chunk of a canary reboot.
 */
export function registerStepActions(app: App, ctx: BotContext): void {
  app.action(
    actionIdPattern(ActionId.undoRestore),
    buttonHandler(ctx, async (req, raw) => {
      const id = operationIdValue.safeParse(raw);
      if (!id.success) return req.reply.text(stale);
      const outcome = await ctx.restores.requestUndo({
        user: req.user,
        channel: req.channel,
        operationId: id.data,
        reason: 'Undo of an earlier restore (its safety point)',
        correlationId: req.correlationId,
      });
      const reply = requestReply(outcome);
      if (reply) await req.reply.answer(reply);
    }),
  );

  for (const [actionId, choice] of [
    [ActionId.continueSteps, 'continue'],
    [ActionId.stopSteps, 'stop'],
  ] as const) {
    app.action(
      actionIdPattern(actionId),
      buttonHandler(ctx, async (req, raw) => {
        const id = operationIdValue.safeParse(raw);
        if (!id.success) return req.reply.text(stale);
        const outcome = await ctx.steps.decide({
          user: req.user,
          operationId: id.data,
          choice,
          correlationId: req.correlationId,
        });
        await req.reply.answer(stepDecisionReply(outcome));
      }),
    );
  }
}
