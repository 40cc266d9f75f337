import type { types } from '@slack/bolt';
import { roughDuration } from '../../domain/restore-choices.js';
import type { Backup, RestoreSource, Snapshot, VpsDetails } from '../../domain/vps.js';
import { ActionId, CallbackId } from '../ids.js';
import { describeRequest } from './action-words.js';
import { type Block, context, esc, section, truncate } from './elements.js';

/**
 * The modals that ask for a restore: opened at once in a loading state (a trigger_id lives 3 s),
 * then updated with the API's snapshots or restore sources. Values of the options are the API's own
 * names and ids; the service matches them against fresh lists again on submit.
 */

/** Block and action ids of the modal inputs (read back from `view.state.values`). */
export const ModalField = {
  snapshot: { block: 'restore_snapshot', action: 'snapshot' },
  source: { block: 'restore_source', action: ActionId.pickRestoreSource },
  backup: { block: 'restore_backup', action: 'backup' },
  reason: { block: 'approval_reason', action: 'reason' },
  rejectNote: { block: 'reject_note', action: 'note' },
} as const;

export type RestoreKind = 'restore' | 'restore-from';

/**
 * What the modal carries between updates and on submit (private_metadata): only the id of the
 * form's draft the bot stored (who opened it, in which channel, for which VPS). Nothing in it is
 * taken as an instruction; a form whose draft is missing, decided or someone else's does nothing.
 */
export interface RestoreModalMeta {
  readonly draftId: string | null;
}

export type View = types.ModalView;

const titles: Record<RestoreKind, string> = {
  restore: 'Restore snapshot',
  'restore-from': 'Restore from a VPS',
};
const callbacks: Record<RestoreKind, string> = {
  restore: CallbackId.restore,
  'restore-from': CallbackId.restoreFrom,
};

function modal(kind: RestoreKind, meta: RestoreModalMeta, blocks: Block[], submit: boolean): View {
  return {
    type: 'modal',
    callback_id: callbacks[kind],
    title: { type: 'plain_text', text: titles[kind] },
    close: { type: 'plain_text', text: submit ? 'Cancel' : 'Close' },
    ...(submit ? { submit: { type: 'plain_text', text: 'Request approval' } } : {}),
    private_metadata: JSON.stringify(meta),
    blocks,
  };
}

export function renderLoadingModal(kind: RestoreKind, vpsLabel: string, meta: RestoreModalMeta): View {
  const what = kind === 'restore' ? 'snapshots' : 'restore sources';
  return modal(
    kind,
    meta,
    [section(`:hourglass_flowing_sand: Loading the ${what} of *${esc(vpsLabel)}*…`)],
    false,
  );
}

/** A modal that only says something (a refusal, nothing to pick, an error). */
export function renderNoticeModal(kind: RestoreKind, markdown: string, meta: RestoreModalMeta): View {
  return modal(kind, meta, [section(markdown)], false);
}

function option(text: string, value: string): types.PlainTextOption {
  return { text: { type: 'plain_text', text: truncate(text, 75) }, value };
}

function reasonInput(): types.InputBlock {
  return {
    type: 'input',
    block_id: ModalField.reason.block,
    optional: true,
    label: { type: 'plain_text', text: 'Why? (shown to approvers)' },
    element: {
      type: 'plain_text_input',
      action_id: ModalField.reason.action,
      max_length: 500,
      placeholder: { type: 'plain_text', text: 'e.g. the upgrade broke the web server' },
    },
  };
}

const approvalNote = (ttlMinutes: number) =>
  context(
    `Nothing happens yet: this posts a request in the channel. An approver other than you must approve it within ${ttlMinutes} minutes.`,
  );

function ageText(iso: string | null, now: number, prefix: string, future = false): string | null {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) return null;
  return `${prefix} ${roughDuration(future ? ms - now : now - ms)}${future ? '' : ' ago'}`;
}

/** Snapshots newest first, at most 100 (Slack's static_select limit), with age and expiry. */
export function renderSnapshotModal(args: {
  vps: VpsDetails;
  snapshots: readonly Snapshot[];
  now: number;
  ttlMinutes: number;
  meta: RestoreModalMeta;
  /** A snapshot shown already picked (it must be in the list). */
  selected?: string | null;
}): View {
  const usable = [...args.snapshots]
    .filter((s) => s.name.length <= 150)
    .sort((a, b) => Date.parse(b.createdAt ?? '') - Date.parse(a.createdAt ?? '') || 0)
    .slice(0, 100);
  const lost = describeRequest({
    kind: 'restore',
    vpsId: args.vps.id,
    vpsName: args.vps.name,
    snapshot: { name: '…', createdAt: null, expiresAt: null },
  }).lost;
  const options = usable.map((s) =>
    option(
      [s.name, ageText(s.createdAt, args.now, 'taken'), ageText(s.expiresAt, args.now, 'expires in', true)]
        .filter(Boolean)
        .join(' · '),
      s.name,
    ),
  );
  const initial = options.find((o) => o.value === args.selected);
  const blocks: Block[] = [
    section(`Restore a snapshot onto *${esc(args.vps.name)}*.\n:warning: ${esc(lost.join(' '))}`),
    {
      type: 'input',
      block_id: ModalField.snapshot.block,
      label: { type: 'plain_text', text: 'Snapshot' },
      element: {
        type: 'static_select',
        action_id: ModalField.snapshot.action,
        placeholder: { type: 'plain_text', text: 'Pick a snapshot' },
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    },
    reasonInput(),
    approvalNote(args.ttlMinutes),
  ];
  if (args.snapshots.length > usable.length)
    blocks.push(context(`Showing the newest ${usable.length} snapshots.`));
  return modal('restore', args.meta, blocks, true);
}

function backupText(b: Backup, now: number): string {
  return [
    b.displayId ? `${b.id} (${b.displayId})` : b.id,
    ageText(b.createdAt, now, 'from'),
    b.sizeGb != null ? `${b.sizeGb} GB` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * Restore sources (other VPSes, and retained backups of deleted ones); once one is picked, the
 * view is updated with that source's backups. The source select dispatches on change.
 */
export function renderRestoreFromModal(args: {
  vps: VpsDetails;
  sources: readonly RestoreSource[];
  selected: RestoreSource | null;
  now: number;
  ttlMinutes: number;
  meta: RestoreModalMeta;
}): View {
  const sourceOption = (s: RestoreSource) =>
    option(
      `${s.name}${s.sourceType === 'retained' ? ' (deleted VPS)' : ''} · ${s.backups.length} backups`,
      s.id,
    );
  const sources = args.sources.filter((s) => s.id.length <= 150).slice(0, 100);
  const lost = describeRequest({
    kind: 'restore-from',
    vpsId: args.vps.id,
    vpsName: args.vps.name,
    source: { vpsId: '', name: '' },
    backup: { id: '', displayId: null, createdAt: null, sizeGb: null },
  }).lost;
  const blocks: Block[] = [
    section(
      `Replace the disk of *${esc(args.vps.name)}* with a backup of another VPS.\n:warning: ${esc(lost.join(' '))}`,
    ),
    {
      type: 'input',
      block_id: ModalField.source.block,
      dispatch_action: true,
      label: { type: 'plain_text', text: 'Source VPS' },
      element: {
        type: 'static_select',
        action_id: ModalField.source.action,
        placeholder: { type: 'plain_text', text: 'Pick the VPS to copy from' },
        options: sources.map(sourceOption),
        ...(args.selected ? { initial_option: sourceOption(args.selected) } : {}),
      },
    },
  ];
  if (args.selected && args.selected.backups.length === 0) {
    blocks.push(section(`*${esc(args.selected.name)}* has no backups. Pick another source.`));
  } else if (args.selected) {
    blocks.push({
      type: 'input',
      block_id: ModalField.backup.block,
      label: { type: 'plain_text', text: `Backup of ${truncate(args.selected.name, 60)}` },
      element: {
        type: 'static_select',
        action_id: ModalField.backup.action,
        placeholder: { type: 'plain_text', text: 'Pick a backup' },
        options: args.selected.backups
          .filter((b) => b.id.length <= 150)
          .slice(0, 100)
          .map((b) => option(backupText(b, args.now), b.id)),
      },
    });
  } else {
    blocks.push(context('Pick a source to see its backups.'));
  }
  blocks.push(reasonInput(), approvalNote(args.ttlMinutes));
  return modal('restore-from', args.meta, blocks, true);
}

/** The small modal behind Reject: an optional reason, shown on the request. */
export function renderRejectModal(args: { approvalId: string; title: string }): View {
  return {
    type: 'modal',
    callback_id: CallbackId.reject,
    title: { type: 'plain_text', text: 'Reject request' },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Back' },
    private_metadata: JSON.stringify({ approvalId: args.approvalId }),
    blocks: [
      section(`Reject: *${esc(args.title)}*? Nothing will be done.`),
      {
        type: 'input',
        block_id: ModalField.rejectNote.block,
        optional: true,
        label: { type: 'plain_text', text: 'Why? (shown on the request)' },
        element: { type: 'plain_text_input', action_id: ModalField.rejectNote.action, max_length: 500 },
      },
    ],
  };
}
