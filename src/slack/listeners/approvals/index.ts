import type { App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { requestOf } from '../../../services/approval-records.js';
import { decodeValue, restoreSnapshotValue } from '../../action-values.js';
import { describeRequest } from '../../blocks/action-words.js';
import { decisionReply } from '../../blocks/outcomes.js';
import { renderRejectModal } from '../../blocks/restore-modals.js';
import type { BotContext } from '../../context.js';
import { ActionId, actionIdPattern, CallbackId } from '../../ids.js';
import { newCorrelationId } from '../../reply.js';
import { buttonHandler } from '../actions/action-request.js';
import { choicesView, openRestoreModal, readDraft } from './restore-modal.js';
import { registerRestoreSubmissions, safeJson, sendNote } from './submissions.js';

const approvalId = z.string().uuid();
const stale = ':warning: This button is from a message the bot cannot read any more.';
const draftMeta = z.object({ draftId: z.string().uuid() });

/**
 * The approval flow's buttons and forms: opening the restore forms (card buttons, pick lists), the
 * source select inside restore-from, and Approve / Reject / Cancel on a request. Every answer to a
 * person who clicked is private; the request message changes only through the outbox.
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
    actionIdPattern(ActionId.requestRestoreSnapshot),
    buttonHandler(ctx, async (req, raw) => {
      const value = decodeValue(restoreSnapshotValue, raw);
      if (!value) return req.reply.text(stale);
      await openRestoreModal(req, { vpsId: value.vpsId }, 'restore', value.snapshot);
    }),
  );

  app.action(
    actionIdPattern(ActionId.approve),
    buttonHandler(ctx, async (req, raw) => {
      const id = approvalId.safeParse(raw);
      if (!id.success) return req.reply.text(stale);
      const result = await ctx.decisions.approve({
        user: req.user,
        approvalId: id.data,
        correlationId: req.correlationId,
      });
      await req.reply.answer(decisionReply(result));
    }),
  );

  app.action(
    actionIdPattern(ActionId.cancelRequest),
    buttonHandler(ctx, async (req, raw) => {
      const id = approvalId.safeParse(raw);
      if (!id.success) return req.reply.text(stale);
      const result = await ctx.decisions.cancel({
        user: req.user,
        approvalId: id.data,
        correlationId: req.correlationId,
      });
      await req.reply.answer(decisionReply(result));
    }),
  );

  app.action(
    actionIdPattern(ActionId.reject),
    buttonHandler(ctx, async (req, raw) => {
      const id = approvalId.safeParse(raw);
      if (!id.success) return req.reply.text(stale);
      // Checked before the form opens, so a non-approver is told at once and sees no form.
      const refusal = await ctx.decisions.rejectRefusal(req.user, id.data);
      if (refusal) return req.reply.answer(decisionReply(refusal));
      const approval = await ctx.store.getApproval(id.data);
      if (!approval || !req.triggerId) return req.reply.text(stale);
      await ctx.client.views.open({
        trigger_id: req.triggerId,
        view: renderRejectModal({
          approvalId: approval.id,
          title: describeRequest(requestOf(approval)).title,
        }),
      });
    }),
  );

  // The source select in restore-from dispatches: the form is updated with that source's backups.
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
        const meta = draftMeta.safeParse(safeJson(view?.private_metadata));
        const picked = action.type === 'static_select' ? action.selected_option?.value : undefined;
        if (!view || !meta.success || !picked) return;
        const stored = await ctx.store.getConfirmation(meta.data.draftId);
        if (!stored || !readDraft(stored, body.user.id)) return;
        try {
          await ctx.client.views.update({ view_id: view.id, view: await choicesView(ctx, stored, picked) });
        } catch (error) {
          logger.warn({ err: error }, 'restore-from form: could not show the backups');
          await sendNote(ctx, stored.channel, body.user.id, {
            code: 'action_failed',
            error: {
              kind: 'app',
              code: 'backups_unavailable',
              provider: 'hostup',
              status: null,
              detail: 'Could not load the backups of that source; try again.',
              requestId: null,
            },
          });
        }
      });
    },
  );

  registerRestoreSubmissions(app, ctx);
  app.view(CallbackId.reject, async ({ ack, body, view }) => {
    await ack();
    const meta = z.object({ approvalId }).safeParse(safeJson(view.private_metadata));
    if (!meta.success) return;
    const note = view.state.values.reject_note?.note?.value?.trim() || null;
    await ctx.inFlight.run(async () => {
      const result = await ctx.decisions.reject({
        user: body.user.id,
        approvalId: meta.data.approvalId,
        note,
        correlationId: newCorrelationId(),
      });
      if (result.code === 'rejected') return;
      const approval = await ctx.store.getApproval(meta.data.approvalId);
      if (!approval) return;
      await sendNote(
        ctx,
        approval.channel,
        body.user.id,
        result.code === 'refused'
          ? { code: 'request_refused', refusal: result.refusal }
          : { code: 'request_closed', status: result.code === 'request_closed' ? result.status : 'unknown' },
      );
    });
  });
}
