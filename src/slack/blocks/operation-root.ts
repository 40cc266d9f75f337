import type { JobStatus } from '../../domain/operation.js';
import { type Block, context, esc, mention, type SlackMessage, section } from './elements.js';

const statusEmoji: Record<JobStatus, string> = {
  pending: ':hourglass:',
  queued: ':hourglass:',
  in_progress: ':arrows_counterclockwise:',
  completed: ':white_check_mark:',
  failed: ':x:',
  unknown: ':grey_question:',
};

/**
 * The visible message an action posts in the channel: "@ana restarted web-01 · job … · queued".
 * It is the root of the operation's thread and is edited to show the current status.
 */
export function renderOperationRoot(args: {
  requester: string;
  verbPast: string;
  targetName: string;
  jobId: string;
  status: JobStatus;
  progress?: number | null;
  note?: string | null;
}): SlackMessage {
  const progress =
    args.progress != null && args.status === 'in_progress' ? ` (${Math.round(args.progress)}%)` : '';
  const line = `${mention(args.requester)} ${args.verbPast} *${esc(args.targetName)}* · job \`${esc(args.jobId)}\` · ${statusEmoji[args.status]} ${args.status.replace('_', ' ')}${progress}`;
  const blocks: Block[] = [section(line)];
  if (args.note) blocks.push(context(esc(args.note)));
  return { text: `${args.verbPast} ${args.targetName}: ${args.status}`, blocks };
}
