import type { App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { toUserMessage } from '../../../errors.js';
import { note } from '../../../services/approval-records.js';
import type { RequestOutcome } from '../../../services/approvals.js';
import { ModalField } from '../../blocks/restore-modals.js';
import type { BotContext } from '../../context.js';
import { CallbackId } from '../../ids.js';
import { newCorrelationId } from '../../reply.js';

const metaSchema = z.object({ vpsId: z.string().min(1).max(200), channel: z.string().min(1).max(50) });

type Values = ViewSubmitAction['view']['state']['values'];

const selected = (values: Values, field: { block: string; action: string }) =>
  values[field.block]?.[field.action]?.selected_option?.value ?? null;
const typed = (values: Values, field: { block: string; action: string }) =>
  values[field.block]?.[field.action]?.value?.trim() ?? '';

/** A private line to `user` in `channel`, through the outbox (a view submission has no response_url). */
export async function sendNote(ctx: BotContext, channel: string, user: string, text: string): Promise<void> {
  await ctx.store.enqueueMessage({ kind: 'ephemeral', channel, payload: note(user, text) });
  ctx.pokeOutbox();
}

/**
 * Submitting a restore modal. A missing pick is answered in the modal at once (no I/O); otherwise
 * the modal closes right away (Slack waits 3 s) and the request is checked against fresh API
 * lists. If it may go ahead it is posted in the channel; if not, the person is told why privately.
 */
export function registerRestoreSubmissions(app: App, ctx: BotContext): void {
  const submit =
    (kind: 'restore' | 'restore-from') =>
    async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction>) => {
      const meta = metaSchema.safeParse(safeJson(view.private_metadata));
      const values = view.state.values;
      const snapshot = selected(values, ModalField.snapshot);
      const source = selected(values, ModalField.source);
      const backup = selected(values, ModalField.backup);
      const errors: Record<string, string> = {};
      if (!meta.success) errors[ModalField.reason.block] = 'This form is out of date; open it again.';
      else if (kind === 'restore' && !snapshot) errors[ModalField.snapshot.block] = 'Pick a snapshot.';
      else if (kind === 'restore-from' && !source) errors[ModalField.source.block] = 'Pick the source VPS.';
      else if (kind === 'restore-from' && !backup) {
        if (values[ModalField.backup.block]) errors[ModalField.backup.block] = 'Pick a backup.';
        else errors[ModalField.source.block] = 'Pick the source again to load its backups.';
      }
      if (!meta.success || Object.keys(errors).length > 0) {
        await ack({ response_action: 'errors', errors });
        return;
      }
      await ack();
      const user = body.user.id;
      const { vpsId, channel } = meta.data;
      const args = {
        user,
        channel,
        vpsId,
        reason: typed(values, ModalField.reason),
        correlationId: newCorrelationId(),
      };
      await ctx.inFlight.run(async () => {
        let outcome: RequestOutcome;
        try {
          outcome =
            kind === 'restore'
              ? await ctx.approvals.requestRestore({ ...args, snapshot: snapshot ?? '' })
              : await ctx.approvals.requestRestoreFrom({
                  ...args,
                  source: source ?? '',
                  backupId: backup ?? '',
                });
        } catch (error) {
          ctx.logger.warn({ err: error, correlationId: args.correlationId }, 'restore request failed');
          outcome = { kind: 'refused', reason: toUserMessage(error) };
        }
        // When requested, the requester's note is enqueued with the request itself.
        if (outcome.kind === 'refused')
          await sendNote(ctx, channel, user, `${outcome.reason} Nothing was requested.`);
      });
    };
  app.view(CallbackId.restore, submit('restore'));
  app.view(CallbackId.restoreFrom, submit('restore-from'));
}

export function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return null;
  }
}
