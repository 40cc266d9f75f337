import type { ActionRequest } from '../../domain/action-request.js';
import type { AuditEntry } from '../../store/records.js';
import { slashCommand } from '../ids.js';
import { approvalsText, describeRequest } from './action-words.js';
import { type Block, context, esc, plainMessage, type SlackMessage, section } from './elements.js';
import { formatDuration, zonedTime, zoneNote } from './time-words.js';

/** Entries one answer shows; the rest are counted and the export has them all. */
export const auditShown = 25;
/** Rows per section, so no section passes Slack's 3000 characters (a row is under ~250). */
const rowsPerSection = 10;

/** What an entry's detail may carry (written by the bot; release 0.1 stored its words as `summary`). */
interface AuditDetail {
  readonly vpsName?: string;
  readonly summary?: string;
  readonly request?: ActionRequest;
  readonly votes?: string | number;
  readonly required?: number;
  readonly jobId?: string;
  readonly hostname?: string;
  readonly durationMs?: number;
  readonly error?: unknown;
  readonly note?: string | null;
  readonly reason?: string;
}

/** The name an entry is about: the VPS's name as it was then, else its target id. */
export function auditName(e: AuditEntry): string {
  return (e.detail as AuditDetail | null)?.vpsName ?? e.target;
}

/** What was asked, said so that a hostname change shows old → new. */
function asked(detail: AuditDetail): string | undefined {
  const r = detail.request;
  if (r?.kind === 'hostname') return `hostname ${r.currentHostname ?? 'unknown'} → ${r.hostname}`;
  return r ? describeRequest(r).title : detail.summary;
}

function row(e: AuditEntry, zone: string): string {
  const detail = (e.detail ?? {}) as AuditDetail;
  const votes =
    typeof detail.votes === 'number' && detail.required
      ? approvalsText(detail.votes, detail.required)
      : detail.votes;
  const error = typeof detail.error === 'string' ? detail.error : (detail.error as { code?: string })?.code;
  const extra = [
    asked(detail),
    typeof votes === 'number' ? String(votes) : votes,
    detail.jobId ? `job ${detail.jobId}` : undefined,
    detail.hostname && detail.request?.kind !== 'hostname' ? `hostname now ${detail.hostname}` : undefined,
    typeof detail.durationMs === 'number' ? `took ${formatDuration(detail.durationMs)}` : undefined,
    error ? `error ${error}` : undefined,
  ]
    .filter((x): x is string => typeof x === 'string' && x !== '')
    .map((x) => esc(x));
  const actor = /^[UW][A-Z0-9]+$/.test(e.actor) ? `<@${e.actor}>` : `_${esc(e.actor)}_`;
  return `${zonedTime(e.at, zone)} · ${actor} · ${esc(e.action)} · *${esc(auditName(e))}* · ${esc(e.outcome)}${extra.length > 0 ? ` — ${extra.join(' · ')}` : ''}`;
}

/**
 * `/vps audit [vps]`: the newest entries in the reader's time zone (named), and when there are
 * more than fit, how many and how to get them all.
 */
export function renderAudit(args: {
  entries: readonly AuditEntry[];
  /** How many entries matched (at least `entries.length`); `atLeast` when the count was capped. */
  total: number;
  atLeast: boolean;
  target: string | null;
  zone: string;
  now: number;
}): SlackMessage {
  const { entries, target, zone } = args;
  if (entries.length === 0) {
    return plainMessage(target ? `No audit entries for ${esc(target)}.` : 'The audit trail is empty.');
  }
  const shown = entries.slice(0, auditShown);
  const lines = shown.map((e) => row(e, zone));
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i += rowsPerSection) {
    const chunk = lines.slice(i, i + rowsPerSection).join('\n');
    blocks.push(section(i === 0 ? `*Audit trail${target ? ` of ${esc(target)}` : ''}*\n${chunk}` : chunk));
  }
  const notes = [zoneNote(zone, args.now)];
  if (args.total > shown.length) {
    notes.push(
      `Showing the newest ${shown.length} of ${args.atLeast ? 'at least ' : ''}${args.total} entries: \`${slashCommand} audit export\` sends you all of them as a file.`,
    );
  }
  blocks.push(context(notes.join(' ')));
  return { text: 'Audit trail', blocks };
}

/** The private answer once the export was sent as a file to the person's direct messages. */
export function renderAuditExportSent(args: {
  count: number;
  days: number;
  complete: boolean;
  lastHash: string;
  dmChannel: string;
}): SlackMessage {
  const lines = [
    `:page_facing_up: Sent you the audit trail of the last ${args.days} day${args.days === 1 ? '' : 's'} (${args.count} entr${args.count === 1 ? 'y' : 'ies'}) as a file in <#${args.dmChannel}>, your direct messages with the bot.`,
    `Every line carries the hash of the one before, so a changed or missing line shows: check it with \`npm run audit -- verify <file>\`. Its last hash is \`${args.lastHash}\`.`,
  ];
  if (!args.complete)
    lines.push(':warning: There were more entries than one export holds: the oldest ones are left out.');
  return { text: 'Audit export sent', blocks: [section(lines.join('\n'))] };
}

/** The export's first words, as the file's comment in the direct message. */
export function auditExportComment(days: number): string {
  return `The audit trail of the last ${days} day${days === 1 ? '' : 's'} (JSON lines; verify with \`npm run audit -- verify <file>\`).`;
}
