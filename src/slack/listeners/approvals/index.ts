import type { App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { describeRequest } from '../../../domain/approvals.js';
import { requestOf } from '../../../services/approval-records.js';
import { esc } from '../../blocks/elements.js';
import { renderRejectModal } from '../../blocks/restore-modals.js';
import type { BotContext } from '../../context.js';
import { ActionId, actionIdPattern, CallbackId } from '../../ids.js';
import { newCorrelationId } from '../../reply.js';
import { buttonHandler } from '../actions/action-request.js';
import { choicesView, openRestoreModal } from './restore-modal.js';
import { registerRestoreSubmissions, safeJson, sendNote } from './submissions.js';

const approvalId = z.string().uuid();
const stale = ':warning: This button is from a message the bot cannot read any more.';
const metaSchema = z.object({ vpsId: z.string().min(1).max(200), channel: z.string().max(50) });

/**
 * The approval flow's buttons and modals: opening the restore modals (card buttons, pick lists),
 * the source select inside restore-from, and Approve / Reject / Cancel on a request. Every answer
 * to a person who clicked is private; the request message changes only through the outbox.
 */
export function registerApprovals(app: App, ctx: BotContext): void {
  for (const [actionId, kind] of [
    [ActionId.requestRestore, 'restore'],
    [ActionId.requestRestoreFrom, 'restore-from'],
  ] as const) {
    app.action(
      actionIdPattern(actionId),
      buttonHandler(ctx, async (req, raw) => {
        const vpsId = z.string().min(1).max(200).safeParse(raw);
        if (!vpsId.success) return req.reply.text(stale);
        await openRestoreModal(req, { vpsId: vpsId.data }, kind);
      }),
    );
  }

  app.action(
    actionIdPattern(ActionId.approve),
    buttonHandler(ctx, async (req, raw) => {
      const id = approvalId.safeParse(raw);
      if (!id.success) return req.reply.text(stale);
      const result = await ctx.approvals.approve({
        user: req.user,
        approvalId: id.data,
        messageTs: req.messageTs ?? null,
        correlationId: req.correlationId,
      });
      await req.reply.text(`${result.ok ? ':white_check_mark:' : ':no_entry:'} ${esc(result.message)}`);
    }),
  );

  app.action(
    actionIdPattern(ActionId.cancelRequest),
    buttonHandler(ctx, async (req, raw) => {
      const id = approvalId.safeParse(raw);
      if (!id.success) return req.reply.text(stale);
      const result = await ctx.approvals.cancel({
        user: req.user,
        approvalId: id.data,
        correlationId: req.correlationId,
      });
      await req.reply.text(`${result.ok ? ':heavy_multiplication_x:' : ':no_entry:'} ${esc(result.message)}`);
    }),
  );

  app.action(
    actionIdPattern(ActionId.reject),
    buttonHandler(ctx, async (req, raw) => {
      const id = approvalId.safeParse(raw);
      if (!id.success) return req.reply.text(stale);
      // Checked before the modal opens, so a non-approver is told at once and sees no form.
      const refusal = await ctx.approvals.rejectRefusal(req.user, id.data);
      if (refusal) return req.reply.text(`:no_entry: ${esc(refusal)}`);
      const approval = await ctx.store.getApproval(id.data);
      if (!approval || !req.triggerId) return req.reply.text(stale);
      await ctx.client.views.open({
        trigger_id: req.triggerId,
        view: renderRejectModal({
          approvalId: approval.id,
          channel: approval.channel,
          title: describeRequest(requestOf(approval)).title,
        }),
      });
    }),
  );

  // The source select in restore-from dispatches: the view is updated with that source's backups.
  app.action(
    ActionId.pickRestoreSource,
    async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction>) => {
      await ack();
      const correlationId = newCorrelationId();
      const logger = ctx.logger.child({
        correlationId,
        user: body.user.id,
        action: ActionId.pickRestoreSource,
      });
      await ctx.inFlight.run(async () => {
        const view = body.view;
        const meta = metaSchema.safeParse(safeJson(view?.private_metadata));
        const selected = action.type === 'static_select' ? action.selected_option?.value : undefined;
        if (!view || !meta.success || !selected) return;
        try {
          const next = await choicesView(ctx, 'restore-from', meta.data, selected);
          await ctx.client.views.update({ view_id: view.id, view: next });
        } catch (error) {
          logger.warn({ err: error }, 'restore-from modal: could not show the backups');
          await sendNote(
            ctx,
            meta.data.channel,
            body.user.id,
            'Could not load the backups of that source; try again.',
          );
        }
      });
    },
  );

  registerRestoreSubmissions(app, ctx);
  app.view(CallbackId.reject, async ({ ack, body, view }) => {
    await ack();
    const meta = z.object({ approvalId, channel: z.string() }).safeParse(safeJson(view.private_metadata));
    if (!meta.success) return;
    const note = view.state.values.reject_note?.note?.value?.trim() || null;
    await ctx.inFlight.run(async () => {
      const result = await ctx.approvals.reject({
        user: body.user.id,
        approvalId: meta.data.approvalId,
        note,
        correlationId: newCorrelationId(),
      });
      if (!result.ok) await sendNote(ctx, meta.data.channel, body.user.id, result.message);
    });
  });
}
