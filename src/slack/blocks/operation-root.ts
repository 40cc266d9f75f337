import type { OperationSubject } from '../../domain/notifications.js';
import type { JobStatus } from '../../domain/operation.js';
import { describeRequest, verbsFor } from './action-words.js';
import { type Block, context, esc, mention, type SlackMessage, section } from './elements.js';
import { slackTime } from './time-words.js';

const statusEmoji: Record<JobStatus, string> = {
  pending: ':hourglass:',
  queued: ':hourglass:',
  in_progress: ':arrows_counterclockwise:',
  completed: ':white_check_mark:',
  failed: ':x:',
  unknown: ':grey_question:',
};

/** Where the root's operation stands, beyond the job's own status. */
export type RootPhase = 'calling' | 'refused' | 'unknown' | 'reconciling' | 'poll_outage' | null;

/**
 * The visible message an action posts in the channel, edited as it moves: "@ana is restarting
 * web-01 · job … · queued" while it runs, "@ana restarted web-01 · completed" once done. It is the
 * root of the operation's thread.
 */
export function renderOperationRoot(args: {
  subject: OperationSubject;
  status: JobStatus;
  phase?: RootPhase;
  progress?: number | null;
  note?: string | null;
  since?: number;
}): SlackMessage {
  const { subject: s, status } = args;
  const verbs = verbsFor(s.action, s.force === true);
  // Said as it stands: "is restarting" while it runs, "restarted" once HostUp says it is done, and
  // "asked to restart" when it failed, was refused, or its outcome is unknown.
  const ended =
    status === 'failed' ||
    args.phase === 'refused' ||
    args.phase === 'unknown' ||
    args.phase === 'reconciling';
  const verb = status === 'completed' ? verbs.past : ended ? `asked to ${verbs.base}` : `is ${verbs.ing}`;
  const who = `${mention(s.requester)} ${verb} *${esc(s.targetName)}*`;
  const job = s.jobId ? ` · job \`${esc(s.jobId)}\`` : '';
  const progress =
    args.progress != null && status === 'in_progress' ? ` (${Math.round(args.progress)}%)` : '';
  const state =
    phaseText(args.phase ?? null, args.since) ??
    `${statusEmoji[status]} ${status.replace('_', ' ')}${progress}`;
  const blocks: Block[] = [section(`${who}${job} · ${state}`)];
  // The safety snapshot before a restore: the root says what it is for.
  if (s.step && s.request)
    blocks.push(
      context(
        `:camera_with_flash: Safety point \`${esc(s.step.snapshotName)}\` first, then: ${esc(describeRequest(s.request).title)}`,
      ),
    );
  if (args.note) blocks.push(context(esc(args.note)));
  return { text: `${verb} ${s.targetName}: ${plainState(args.phase ?? null, status)}`, blocks };
}

function phaseText(phase: RootPhase, since?: number): string | null {
  switch (phase) {
    case 'calling':
      return ':outbox_tray: asking HostUp…';
    case 'refused':
      return ':no_entry: refused by the provider — nothing was changed';
    case 'unknown':
      return ':grey_question: outcome unknown — see the thread';
    case 'reconciling':
      return ':mag: outcome unknown — checking what the server shows';
    case 'poll_outage':
      return `:warning: HostUp has not answered about this job since ${since ? slackTime(since) : 'a while'}; still trying`;
    case null:
      return null;
  }
}

function plainState(phase: RootPhase, status: JobStatus): string {
  return phase ? phase.replace('_', ' ') : status.replace('_', ' ');
}
