import type { OperationOutcome, TrackedOperation } from '../../store/records.js';
import { slashCommand } from '../ids.js';
import { verbsFor } from './action-words.js';
import { type Block, context, esc, mention, plainMessage, type SlackMessage, section } from './elements.js';
import { threadLink } from './refusals.js';
import { formatDuration, zonedTime, zoneNote } from './time-words.js';

/** Rows per section: a job line is under ~200 characters, so 12 stay well inside 3000. */
const rowsPerSection = 12;

const outcomeWords: Record<OperationOutcome, string> = {
  completed: ':white_check_mark: completed',
  failed: ':x: failed',
  refused: ':no_entry: refused by the provider',
  unknown: ':grey_question: outcome unknown',
  gave_up: ':hourglass_flowing_sand: no longer followed',
};

/** How an operation stands: the job's status and progress while it runs, its outcome once it ended. */
function standing(op: TrackedOperation, now: number): string {
  if (op.state === 'active') {
    const progress = op.progress != null && op.status === 'in_progress' ? ` ${Math.round(op.progress)}%` : '';
    const step = op.progressMessage && op.status === 'in_progress' ? ` — ${esc(op.progressMessage)}` : '';
    return `${esc((op.status ?? 'starting').replace('_', ' '))}${progress}${step} · for ${formatDuration(now - op.startedAt)}`;
  }
  const outcome = outcomeWords[op.outcome ?? (op.state === 'done' ? 'completed' : 'failed')];
  const took = op.terminalAt !== null ? ` in ${formatDuration(op.terminalAt - op.startedAt)}` : '';
  return `${outcome}${took}`;
}

function jobLine(op: TrackedOperation, now: number, zone: string): string {
  const verb = verbsFor(op.action).base;
  const job = op.jobId ? ` · \`${esc(op.jobId)}\`` : '';
  const when = zonedTime(op.terminalAt ?? op.startedAt, zone);
  const link = op.rootTs ? ` · <${threadLink(op.channel, op.rootTs)}|thread>` : '';
  return `*${esc(op.targetName)}* ${esc(verb)}${job} · ${standing(op, now)} · ${mention(op.requester)} · ${when}${link}`;
}

function rows(title: string, ops: readonly TrackedOperation[], now: number, zone: string): Block[] {
  const lines = ops.map((op) => jobLine(op, now, zone));
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i += rowsPerSection) {
    const chunk = lines.slice(i, i + rowsPerSection).join('\n');
    blocks.push(section(i === 0 ? `*${title}*\n${chunk}` : chunk));
  }
  return blocks;
}

/** `/vps jobs`: what is followed now, then what ended lately, in the reader's time zone. */
export function renderJobs(args: {
  active: readonly TrackedOperation[];
  recent: readonly TrackedOperation[];
  now: number;
  zone: string;
}): SlackMessage {
  const { active, recent, now, zone } = args;
  if (active.length === 0 && recent.length === 0) {
    return plainMessage('No operation has been started by this bot yet.');
  }
  const shown = active.slice(0, 30);
  const blocks: Block[] = shown.length
    ? rows(`Being followed (${active.length})`, shown, now, zone)
    : [section('Nothing is being followed right now.')];
  if (active.length > shown.length) blocks.push(context(`…and ${active.length - shown.length} more.`));
  if (recent.length > 0) blocks.push(...rows('Recently ended', recent, now, zone));
  blocks.push(context(`${zoneNote(zone, now)} \`${slashCommand} job <id>\` shows one.`));
  return { text: `${active.length} operations being followed, ${recent.length} ended lately`, blocks };
}

/** `/vps job <id>`: one operation, running (status, progress, step) or ended (outcome, duration). */
export function renderJob(op: TrackedOperation, now: number, zone: string): SlackMessage {
  const lines = [
    `*${esc(op.targetName)}* ${esc(verbsFor(op.action).base)} · job \`${esc(op.jobId ?? '—')}\``,
    `${op.state === 'active' ? 'Status' : 'Ended'}: ${standing(op, now)}`,
    `Asked by ${mention(op.requester)} · started ${zonedTime(op.startedAt, zone)}` +
      (op.terminalAt !== null ? ` · ended ${zonedTime(op.terminalAt, zone)}` : ''),
  ];
  if (op.lastError && op.state !== 'done') lines.push(`Last error: \`${esc(op.lastError)}\``);
  if (op.rootTs) lines.push(`<${threadLink(op.channel, op.rootTs)}|Open its thread>`);
  return {
    text: `Job ${op.jobId ?? op.id}`,
    blocks: [section(lines.join('\n')), context(zoneNote(zone, now))],
  };
}

export function renderJobUnknown(jobId: string): SlackMessage {
  return plainMessage(
    `No operation with job id \`${esc(jobId)}\` was started by this bot. See \`${slashCommand} jobs\`.`,
  );
}
