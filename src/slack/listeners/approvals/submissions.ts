import type { App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { PrivateNote } from '../../../domain/approval-notifications.js';
import { errorInfo } from '../../../errors.js';
import type { OpenRequestOutcome } from '../../../services/approval-requests.js';
import { ModalField } from '../../blocks/restore-modals.js';
import type { BotContext } from '../../context.js';
import { CallbackId } from '../../ids.js';
import { newCorrelationId } from '../../reply.js';
import { readDraft } from './restore-modal.js';

const metaSchema = z.object({ draftId: z.string().uuid() });

type Values = ViewSubmitAction['view']['state']['values'];

const selected = (values: Values, field: { block: string; action: string }) =>
  values[field.block]?.[field.action]?.selected_option?.value ?? null;
const typed = (values: Values, field: { block: string; action: string }) =>
  values[field.block]?.[field.action]?.value?.trim() ?? '';

/** A private note to `user` in `channel`, through the outbox (a view submission has no response_url). */
export async function sendNote(
  ctx: BotContext,
  channel: string,
  user: string,
  note: PrivateNote['note'],
): Promise<void> {
  await ctx.store.enqueueMessage({
    kind: 'ephemeral',
    channel,
    payload: { type: 'private.note', user, note } satisfies PrivateNote,
  });
  ctx.pokeOutbox();
}

/**
 * Submitting a restore form. A missing pick is answered in the form at once (no I/O). Otherwise
 * the form closes right away (Slack waits 3 s) and the request is made from the form's stored
 * draft — its person, channel and VPS — with the picks checked against fresh HostUp lists. The
 * draft is used up in the commit that posts the request, so a submission sent twice asks once.
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
      const correlationId = newCorrelationId();
      await ctx.inFlight.run(async () => {
        const stored = await ctx.store.getConfirmation(meta.data.draftId);
        const draft = readDraft(stored, user);
        if (!stored || !draft || draft.form !== kind) {
          ctx.logger.warn(
            { correlationId, user },
            'restore form submitted without a draft this person may use',
          );
          if (stored?.requester === user && stored.status !== 'pending') {
            await sendNote(ctx, stored.channel, user, {
              code: 'request_refused',
              refusal: {
                code: 'check_failed',
                error: {
                  kind: 'app',
                  code: 'form_used',
                  provider: null,
                  status: null,
                  detail: 'This form was already submitted.',
                  requestId: null,
                },
              },
            });
          }
          return;
        }
        const args = {
          user,
          channel: stored.channel,
          vpsId: draft.vpsId,
          reason: typed(values, ModalField.reason),
          correlationId,
          draftId: stored.id,
        };
        let outcome: OpenRequestOutcome;
        try {
          outcome =
            kind === 'restore'
              ? await ctx.restores.requestRestore({ ...args, snapshot: snapshot ?? '' })
              : await ctx.restores.requestRestoreFrom({
                  ...args,
                  source: source ?? '',
                  backupId: backup ?? '',
                });
        } catch (error) {
          ctx.logger.warn({ err: error, correlationId }, 'restore request failed');
          outcome = { code: 'refused', refusal: { code: 'check_failed', error: errorInfo(error) } };
        }
        // When requested, the requester's note is enqueued with the request itself.
        if (outcome.code === 'refused')
          await sendNote(ctx, stored.channel, user, { code: 'request_refused', refusal: outcome.refusal });
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
