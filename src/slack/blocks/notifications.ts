import type {
  Notification,
  OperationFinished,
  OperationOutcomeUnknown,
  OperationSubject,
} from '../../domain/notifications.js';
import type { Observation } from '../../domain/observation.js';
import { toUserMessage } from '../../errors.js';
import { ActionId, slashCommand } from '../ids.js';
import { actionNoun, verbsFor } from './action-words.js';
import { renderAppServerNotification } from './app-server-notifications.js';
import {
  approvalContext,
  renderApprovalMessage,
  renderApprovalNote,
  renderPrivateNote,
} from './approval-request.js';
import { renderConfirmationExpired } from './confirmation.js';
import {
  actions,
  type Block,
  button,
  context,
  esc,
  mention,
  type SlackMessage,
  section,
} from './elements.js';
import { renderHostnameResult } from './hostname-result.js';
import { renderOperationRoot } from './operation-root.js';
import { renderReviewMessage } from './review-message.js';
import { afterCheckText, undoButton } from './safety-words.js';
import { renderStepNotification } from './step-notifications.js';
import { formatDuration, slackTime } from './time-words.js';

export { formatDuration } from './time-words.js';

/** Renders whatever the outbox owes a channel: one function per notification type. */
export function renderNotification(notification: Notification): SlackMessage {
  switch (notification.type) {
    case 'operation.started':
      return withApproval(
        renderOperationRoot({
          subject: notification.subject,
          status: notification.status,
          phase: notification.phase ?? null,
        }),
        notification.subject,
      );
    case 'operation.root-refresh':
      return withApproval(
        renderOperationRoot({
          subject: notification.subject,
          status: notification.status,
          phase: notification.phase ?? null,
          progress: notification.progress,
          note: notification.note,
          ...(notification.since !== undefined ? { since: notification.since } : {}),
        }),
        notification.subject,
      );
    case 'approval.message':
      return renderApprovalMessage(notification);
    case 'approval.note':
      return renderApprovalNote(notification.text);
    case 'private.note':
      return renderPrivateNote(notification);
    case 'appserver-reboot.root':
    case 'appserver-reboot.changed':
    case 'appserver-reboot.summary':
      return renderAppServerNotification(notification);
    case 'operation.step-ended':
    case 'operation.steps-stopped':
    case 'operation.steps-continued':
    case 'operation.safety-skipped':
      return renderStepNotification(notification);
    case 'operation.progress': {
      const pct = notification.progress != null ? ` ${Math.round(notification.progress)}%` : '';
      const message = notification.message ? ` — ${esc(notification.message)}` : '';
      const text = `${statusWord(notification.status)}${pct}${message}`;
      return { text, blocks: [section(text)] };
    }
    case 'operation.finished':
      return renderFinished(notification);
    case 'operation.refused': {
      const s = notification.subject;
      const text = `:no_entry: ${mention(s.requester)} the ${actionNoun(s.action)} of *${esc(s.targetName)}* was not carried out: ${esc(toUserMessage(notification.error))} Nothing was changed.`;
      return { text, blocks: [section(text)] };
    }
    case 'operation.outcome-unknown':
      return renderOutcomeUnknown(notification);
    case 'operation.poll-outage': {
      const text = `:warning: HostUp has not answered about this job since ${slackTime(notification.since)}; the bot keeps asking and will post the outcome here.`;
      return { text, blocks: [section(text)] };
    }
    case 'operation.gave-up': {
      const s = notification.subject;
      const text =
        `:hourglass_flowing_sand: Stopped following ${esc(s.targetName)} after ${formatDuration(notification.followedForMs)} ` +
        `(${esc(notification.reason)}). Last status: ${esc(notification.lastStatus ?? 'unknown')}. ` +
        `The job may still finish: check later with \`${slashCommand} job ${esc(s.jobId ?? '')}\` or \`${slashCommand} show ${esc(s.targetName)}\`.`;
      return { text, blocks: [section(text)] };
    }
    case 'review.message':
      return renderReviewMessage(notification);
    case 'confirmation.expired':
      return renderConfirmationExpired(notification);
    case 'home.refresh':
      // A home is built from the store when it is sent (slack/home/home-publisher.ts), not from here.
      throw new Error('an App Home refresh is published by the home publisher, not rendered as a message');
    case 'hostname.changed':
      return renderHostnameResult({
        requester: notification.requester,
        vpsName: notification.vpsName,
        result: {
          hostname: notification.hostname,
          reloadRecommended: notification.reloadRecommended,
          reverseDns: notification.reverseDns,
          updatedAt: null,
        },
      });
  }
}

/** An operation that ran after approval keeps saying who approved it, whatever its status. */
function withApproval(message: SlackMessage, s: OperationSubject): SlackMessage {
  return s.approval
    ? { ...message, blocks: [...message.blocks, context(approvalContext(s.approval, s.request))] }
    : message;
}

function statusWord(status: string): string {
  switch (status) {
    case 'queued':
    case 'pending':
      return ':hourglass: Queued';
    case 'in_progress':
      return ':arrows_counterclockwise: In progress';
    case 'completed':
      return ':white_check_mark: Completed';
    case 'failed':
      return ':x: Failed';
    default:
      return `:grey_question: ${esc(status)}`;
  }
}

function renderFinished(n: OperationFinished): SlackMessage {
  const s = n.subject;
  const took = formatDuration(n.durationMs);
  const blocks: Block[] = [];
  if (n.outcome === 'completed' && s.request?.kind === 'snapshot') {
    const text = `:camera_with_flash: ${mention(s.requester)} snapshot \`${esc(s.request.name)}\` of ${esc(s.targetName)} is ready — completed in ${took}. HostUp keeps it about 24 hours.`;
    return { text, blocks: [section(text)] };
  }
  if (n.outcome === 'completed') {
    const check = n.afterCheck ? afterCheckText(s.targetName, n.afterCheck) : null;
    const text = `${check?.flag ? ':warning:' : ':white_check_mark:'} ${mention(s.requester)} ${esc(s.targetName)} ${verbsFor(s.action, s.force === true).past} — ${check?.flag ? `completed, but ${check.text}` : `completed in ${took}${check ? `; ${check.text}` : ''}`}.`;
    blocks.push(section(text));
    if (n.undo) blocks.push(undoButton(s, n.undo.snapshotName));
    return { text, blocks };
  }
  const e = n.error;
  const detail = e ? ` ${esc(e.detail ?? 'No detail given.')}${e.code ? ` (\`${esc(e.code)}\`)` : ''}` : '';
  const text = `:x: ${mention(s.requester)} the ${esc(actionNoun(s.action))} of ${esc(s.targetName)} failed after ${took}.${detail}`;
  blocks.push(section(text));
  if (e?.requestId) blocks.push(context(`Request id for HostUp support: \`${esc(e.requestId)}\``));
  if (n.undo) blocks.push(undoButton(s, n.undo.snapshotName));
  if (n.offerForceRestart) {
    blocks.push(
      actions('operation_escalate', [
        button({
          actionId: ActionId.requestForceRestart,
          text: 'Force restart',
          // A reference to this operation, never an instruction: the bot reads what to offer from its own record.
          value: s.operationId,
          style: 'danger',
          confirm: {
            title: 'Force a restart?',
            text: `The graceful restart of ${esc(s.targetName)} failed. A forced restart does not ask the guest to shut down; unsaved data may be lost.`,
            confirm: 'Force restart',
          },
        }),
      ]),
    );
  }
  return { text, blocks };
}

/** "I asked HostUp to restart web-01 at 12:03 and stopped before its answer; HostUp now shows …". */
function renderOutcomeUnknown(n: OperationOutcomeUnknown): SlackMessage {
  const s = n.subject;
  const provider = s.provider === 'huawei' ? 'Huawei' : 'HostUp';
  const asked = `I asked ${provider} for a ${actionNoun(s.action)} of *${esc(s.targetName)}* at ${slackTime(n.calledAt)}`;
  const why = n.error
    ? `, and the answer was lost (${esc(toUserMessage(n.error))})`
    : ' and stopped before its answer';
  const shows = n.observation
    ? `${provider} now shows ${observationText(s.targetName, n.observation)}`
    : `I could not read what ${provider} shows now (${esc(n.observeError ? toUserMessage(n.observeError) : 'no answer')})`;
  const busy = n.stillBusy ? ' It still shows work under way: check again shortly.' : '';
  const text = `:grey_question: ${mention(s.requester)} ${asked}${why}. ${shows}.${busy} Nothing was repeated; check \`${slashCommand} show ${esc(s.targetName)}\` before asking again.`;
  return { text, blocks: [section(text)] };
}

function observationText(name: string, o: Observation): string {
  if (o.kind === 'appservers') {
    return o.servers
      .map(
        (sv) =>
          `*${esc(sv.name)}* ${esc(sv.vmStatus ?? 'unknown')}${sv.taskStatus ? ` (${esc(sv.taskStatus)})` : ''}`,
      )
      .join(', ');
  }
  const uptime =
    o.uptimeSeconds != null && o.powerState === 'running'
      ? `, up ${formatDuration(o.uptimeSeconds * 1000)}`
      : '';
  const tasks =
    o.pendingTasks == null
      ? ''
      : o.pendingTasks === 0
        ? ', no task pending'
        : `, ${o.pendingTasks} task${o.pendingTasks === 1 ? '' : 's'} pending`;
  const host = o.hostname !== undefined ? `, hostname \`${esc(o.hostname ?? 'unknown')}\`` : '';
  return `*${esc(name)}* ${esc(o.powerState)}${uptime}${tasks}${host}`;
}
