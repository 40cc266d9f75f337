import { toUserMessage } from '../../../errors.js';
import { findVps } from '../../../services/find-vps.js';
import { esc } from '../../blocks/elements.js';
import { renderAmbiguous, renderNotFound } from '../../blocks/pick-vps.js';
import {
  type RestoreKind,
  type RestoreModalMeta,
  renderLoadingModal,
  renderNoticeModal,
  renderRestoreFromModal,
  renderSnapshotModal,
  type View,
} from '../../blocks/restore-modals.js';
import type { BotContext } from '../../context.js';
import { ActionId } from '../../ids.js';
import type { SlackRequest } from '../request.js';

/**
 * Opens the restore modal at once in a loading state (the trigger_id expires 3 s after the click
 * or command, and works once), then finds the VPS, checks rights and the API's gate, and updates
 * the modal with what can be picked, or with why not.
 */
export async function openRestoreModal(
  req: SlackRequest,
  target: { readonly query: string } | { readonly vpsId: string },
  kind: RestoreKind,
): Promise<void> {
  const { ctx } = req;
  if (!req.triggerId) {
    await req.reply.text(':warning: Slack sent no trigger to open a form with. Run the command again.');
    return;
  }
  const meta: RestoreModalMeta = { vpsId: 'vpsId' in target ? target.vpsId : null, channel: req.channel };
  const label = 'query' in target ? target.query : target.vpsId;
  const opened = await ctx.client.views.open({
    trigger_id: req.triggerId,
    view: renderLoadingModal(kind, label, meta),
  });
  const viewId = opened.view?.id;
  if (!viewId) throw new Error('views.open returned no view id');
  const update = (view: View) => ctx.client.views.update({ view_id: viewId, view });
  const notice = (markdown: string) => update(renderNoticeModal(kind, markdown, meta));

  try {
    const may = await ctx.policy.canAct(
      req.user,
      kind === 'restore' ? 'restore snapshots' : 'restore backups',
    );
    if (!may.allowed) return void (await notice(`:no_entry: ${esc(may.reason)}`));
    let vpsId = meta.vpsId;
    if (vpsId === null && 'query' in target) {
      const found = await findVps(ctx.api, target.query);
      if (found.kind !== 'found') {
        const pick = ActionId[kind === 'restore' ? 'requestRestore' : 'requestRestoreFrom'];
        await req.reply.send(
          found.kind === 'ambiguous'
            ? renderAmbiguous(target.query, found.candidates, {
                kind: 'button',
                actionId: pick,
                value: (v) => v.id,
              })
            : renderNotFound(target.query, found.suggestions),
        );
        return void (await notice(
          `No single VPS matches “${esc(target.query)}”: see my private message in the channel.`,
        ));
      }
      vpsId = found.vps.id;
    }
    if (vpsId === null) return;
    await update(await choicesView(ctx, kind, { ...meta, vpsId }));
  } catch (error) {
    req.logger.warn({ err: error }, 'restore modal: could not load choices');
    await notice(`:warning: ${esc(toUserMessage(error))}`).catch(() => undefined);
  }
}

/** The modal with the API's current choices for `meta.vpsId`, or a notice saying why there are none. */
export async function choicesView(
  ctx: BotContext,
  kind: RestoreKind,
  meta: RestoreModalMeta & { vpsId: string },
  selectedSourceId: string | null = null,
): Promise<View> {
  const { approvals, clock } = ctx;
  const base = { now: clock.now(), ttlMinutes: approvals.ttlMinutes, meta };
  if (kind === 'restore') {
    const c = await approvals.snapshotChoices(meta.vpsId);
    if (c.refusal) return renderNoticeModal(kind, `:no_entry: ${esc(c.refusal)}`, meta);
    if (c.snapshots.length === 0) {
      return renderNoticeModal(kind, `*${esc(c.vps.name)}* has no snapshots to restore.`, meta);
    }
    return renderSnapshotModal({ ...base, vps: c.vps, snapshots: c.snapshots });
  }
  const c = await approvals.sourceChoices(meta.vpsId);
  if (c.refusal) return renderNoticeModal(kind, `:no_entry: ${esc(c.refusal)}`, meta);
  if (c.sources.length === 0) {
    return renderNoticeModal(
      kind,
      `There are no other VPSes with backups to restore onto *${esc(c.vps.name)}*.`,
      meta,
    );
  }
  const selected = c.sources.find((s) => s.id === selectedSourceId) ?? null;
  return renderRestoreFromModal({ ...base, vps: c.vps, sources: c.sources, selected });
}
