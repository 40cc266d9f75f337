import type { Notification, OperationFinished, OperationSubject } from '../../domain/notifications.js';
import { encodeValue } from '../action-values.js';
import { ActionId, slashCommand } from '../ids.js';
import { renderAppServerNotification } from './app-server-notifications.js';
import { approvalContext, renderApprovalMessage, renderApprovalNote } from './approval-request.js';
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

/** Renders whatever the outbox owes a channel: one function per notification type. */
export function renderNotification(notification: Notification): SlackMessage {
  switch (notification.type) {
    case 'operation.started':
      return withApproval(
        renderOperationRoot({ ...rootArgs(notification.subject), status: notification.status }),
        notification.subject,
      );
    case 'operation.root-refresh':
      return withApproval(
        renderOperationRoot({
          ...rootArgs(notification.subject),
          status: notification.status,
          progress: notification.progress,
          note: notification.note,
        }),
        notification.subject,
      );
    case 'approval.message':
      return renderApprovalMessage(notification);
    case 'approval.note':
      return renderApprovalNote(notification.text);
    case 'appserver-reboot.root':
    case 'appserver-reboot.changed':
    case 'appserver-reboot.summary':
      return renderAppServerNotification(notification);
    case 'operation.progress': {
      const pct = notification.progress != null ? ` ${Math.round(notification.progress)}%` : '';
      const message = notification.message ? ` — ${esc(notification.message)}` : '';
      const text = `${statusWord(notification.status)}${pct}${message}`;
      return { text, blocks: [section(text)] };
    }
    case 'operation.finished':
      return renderFinished(notification);
    case 'operation.gave-up': {
      const s = notification.subject;
      const text =
        `:hourglass_flowing_sand: Stopped following ${esc(s.targetName)} after ${formatDuration(notification.followedForMs)} ` +
        `(${esc(notification.reason)}). Last status: ${esc(notification.lastStatus ?? 'unknown')}. ` +
        `The job may still finish: check later with \`${slashCommand} job ${esc(s.jobId ?? '')}\` or \`${slashCommand} show ${esc(s.targetName)}\`.`;
      return { text, blocks: [section(text)] };
    }
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
    ? { ...message, blocks: [...message.blocks, context(approvalContext(s.approval))] }
    : message;
}

function rootArgs(s: OperationSubject) {
  return { requester: s.requester, verbPast: s.verbPast, targetName: s.targetName, jobId: s.jobId ?? '—' };
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
  if (n.outcome === 'completed') {
    const text = `:white_check_mark: ${mention(s.requester)} ${esc(s.targetName)} ${s.verbPast} — completed in ${took}.`;
    blocks.push(section(text));
    return { text, blocks };
  }
  const e = n.error;
  const detail = e ? ` ${esc(e.detail ?? 'No detail given.')}${e.code ? ` (\`${esc(e.code)}\`)` : ''}` : '';
  const text = `:x: ${mention(s.requester)} the ${esc(s.action)} of ${esc(s.targetName)} failed after ${took}.${detail}`;
  blocks.push(section(text));
  if (e?.requestId) blocks.push(context(`Request id for HostUp support: \`${esc(e.requestId)}\``));
  if (n.offerForceRestart) {
    blocks.push(
      actions('operation_escalate', [
        button({
          actionId: ActionId.requestForceRestart,
          text: 'Force restart',
          value: encodeValue({ vpsId: n.offerForceRestart.vpsId, action: 'restart', force: true }),
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

/** "42 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}
