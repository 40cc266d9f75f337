import type { ActionName } from '../../../domain/action-request.js';
import { toUserMessage } from '../../../errors.js';
import { vpsPolicyServer } from '../../../services/acting/policy-service.js';
import type { Confirmation } from '../../../store/store.js';
import { esc } from '../../blocks/elements.js';
import { renderAmbiguous, renderNotFound } from '../../blocks/pick-vps.js';
import { refusalText } from '../../blocks/refusals.js';
import {
  type RestoreKind,
  renderLoadingModal,
  renderNoticeModal,
  renderRestoreFromModal,
  renderSnapshotModal,
  type View,
} from '../../blocks/restore-modals.js';
import type { BotContext } from '../../context.js';
import { ActionId } from '../../ids.js';
import type { SlackRequest } from '../request.js';

/** What a restore form's draft keeps: the form's kind and its VPS, as the bot resolved it. */
export interface RestoreDraft {
  readonly form: RestoreKind;
  readonly vpsId: string;
  readonly vpsName: string;
}

/**
 * Opens the restore form at once in a loading state (the trigger_id expires 3 s after the click
 * or command, and works once), then finds the VPS, asks the policy, and stores a draft of the form
 * (who, where, which VPS) before showing what can be picked: the form itself carries only the
 * draft's id, so nothing in a submitted form can change the channel, the VPS or the person.
 */
export async function openRestoreModal(
  req: SlackRequest,
  target: { readonly query: string } | { readonly vpsId: string },
  kind: RestoreKind,
  /** A snapshot to show already picked (from a row of /vps snapshots). */
  picked: string | null = null,
): Promise<void> {
  const { ctx } = req;
  if (!req.triggerId) {
    await req.reply.text(':warning: Slack sent no trigger to open a form with. Run the command again.');
    return;
  }
  const label = 'query' in target ? target.query : target.vpsId;
  const opened = await ctx.client.views.open({
    trigger_id: req.triggerId,
    view: renderLoadingModal(kind, label, { draftId: null }),
  });
  const viewId = opened.view?.id;
  if (!viewId) throw new Error('views.open returned no view id');
  const update = (view: View) => ctx.client.views.update({ view_id: viewId, view });
  const notice = (markdown: string) => update(renderNoticeModal(kind, markdown, { draftId: null }));

  try {
    let vps: { id: string; name: string; hostname?: string | null };
    if ('query' in target) {
      const found = await ctx.finder.find(target.query);
      if (found.kind !== 'found') {
        const pick = {
          kind: 'button',
          actionId: ActionId[kind === 'restore' ? 'requestRestore' : 'requestRestoreFrom'],
          value: (v: { id: string }) => v.id,
        } as const;
        await req.reply.send(
          found.kind === 'ambiguous'
            ? renderAmbiguous(target.query, found.candidates, pick)
            : renderNotFound(target.query, found.suggestions, pick),
        );
        return void (await notice(
          `No single VPS matches “${esc(target.query)}”: see my private message in the channel.`,
        ));
      }
      vps = found.vps;
    } else {
      vps = await ctx.hostup.getVpsDetails(target.vpsId);
    }
    const action: ActionName = kind;
    const decision = await ctx.policy.decideAction({
      user: req.user,
      action,
      servers: [vpsPolicyServer(vps)],
      channel: req.channel,
    });
    if (decision.verdict === 'deny')
      return void (await notice(`:no_entry: ${refusalText(decision.refusal)}`));
    const draft = await ctx.store.createConfirmation({
      requester: req.user,
      kind: 'restore-form',
      target: vps.id,
      payload: { form: kind, vpsId: vps.id, vpsName: vps.name } satisfies RestoreDraft,
      channel: req.channel,
      expiresAt: ctx.clock.now() + ctx.approvalTtlMinutes * 60_000,
    });
    await update(await choicesView(ctx, draft, picked));
  } catch (error) {
    req.logger.warn({ err: error }, 'restore modal: could not load choices');
    await notice(`:warning: ${esc(toUserMessage(error))}`).catch(() => undefined);
  }
}

/** The draft of a form, if it is one this person may still use. */
export function readDraft(draft: Confirmation | null, user: string): RestoreDraft | null {
  if (draft?.kind !== 'restore-form' || draft.requester !== user || draft.status !== 'pending') return null;
  const payload = draft.payload as Partial<RestoreDraft> | null;
  if (
    !payload ||
    (payload.form !== 'restore' && payload.form !== 'restore-from') ||
    typeof payload.vpsId !== 'string'
  ) {
    return null;
  }
  return { form: payload.form, vpsId: payload.vpsId, vpsName: String(payload.vpsName ?? payload.vpsId) };
}

/**
 * The form with HostUp's current choices for the draft's VPS, or a notice saying why there are
 * none. `selected` is the snapshot (restore) or the source (restore-from) shown picked.
 */
export async function choicesView(
  ctx: BotContext,
  draft: Confirmation,
  selected: string | null = null,
): Promise<View> {
  const { restores, clock } = ctx;
  const form = draft.payload as RestoreDraft;
  const meta = { draftId: draft.id };
  const base = { now: clock.now(), ttlMinutes: ctx.approvalTtlMinutes, meta };
  if (form.form === 'restore') {
    const c = await restores.snapshotChoices(form.vpsId);
    if (c.refusal) return renderNoticeModal(form.form, `:no_entry: ${refusalText(c.refusal)}`, meta);
    if (c.snapshots.length === 0) {
      return renderNoticeModal(form.form, `*${esc(c.vps.name)}* has no snapshots to restore.`, meta);
    }
    return renderSnapshotModal({ ...base, vps: c.vps, snapshots: c.snapshots, selected });
  }
  const c = await restores.sourceChoices(form.vpsId);
  if (c.refusal) return renderNoticeModal(form.form, `:no_entry: ${refusalText(c.refusal)}`, meta);
  if (c.sources.length === 0) {
    return renderNoticeModal(
      form.form,
      `There are no other VPSes with backups to restore onto *${esc(c.vps.name)}*.`,
      meta,
    );
  }
  const source = c.sources.find((s) => s.id === selected) ?? null;
  return renderRestoreFromModal({ ...base, vps: c.vps, sources: c.sources, selected: source });
}
