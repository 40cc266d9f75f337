import type { ActionRequest } from '../../domain/action-request.js';
import { actionNameOf } from '../../domain/action-request.js';
import type { Refusal } from '../../domain/refusals.js';
import { toUserMessage } from '../../errors.js';
import type { AnswerSummary } from '../../services/acting/record-answer.js';
import type { StartOutcome } from '../../services/acting/start-action.js';
import type { CancelOutcome, ConfirmOutcome, PrepareOutcome } from '../../services/action-confirmations.js';
import type { DecisionOutcome } from '../../services/approval-decisions.js';
import type { OpenRequestOutcome } from '../../services/approval-requests.js';
import { actionNoun, approvalsText, describeRequest, forceRestartWords, powerWords } from './action-words.js';
import { renderConfirmation, renderConfirmationClosed } from './confirmation.js';
import { esc, mention, plainMessage, type SlackMessage } from './elements.js';
import { peopleText } from './policy-words.js';
import { refusalText } from './refusals.js';
import { slackTime } from './time-words.js';

/** What a click or command is answered with: the message it was on replaced, or a new private one. */
export interface Reply {
  readonly replace: boolean;
  readonly message: SlackMessage;
}

const send = (markdown: string): Reply => ({ replace: false, message: plainMessage(markdown) });
const replace = (markdown: string): Reply => ({ replace: true, message: renderConfirmationClosed(markdown) });

export const refusedReply = (refusal: Refusal): Reply => send(`:no_entry: ${refusalText(refusal)}`);

const closedWhy = {
  not_found: 'This confirmation is no longer known. Run the command again.',
  already_decided: 'This was already confirmed or cancelled: nothing more was done.',
  expired: 'This confirmation expired: nothing was done. Run the command again.',
  not_requester: 'Only the person who asked can confirm or cancel this.',
} as const;

/** The private "are you sure?" for a prepared action, or why it cannot be offered. */
export function preparedReply(p: PrepareOutcome): Reply {
  if (p.code === 'refused') return refusedReply(p.refusal);
  const { request } = p;
  const d = describeRequest(request);
  const words =
    request.kind === 'power'
      ? request.force && request.action === 'restart'
        ? forceRestartWords
        : powerWords[request.action]
      : null;
  const title =
    request.kind === 'power' && words
      ? `${words.label === 'Force restart' ? 'Force a restart of' : words.label} ${request.vpsName}?`
      : `${d.title}?`;
  const approval = p.approval
    ? `\n:busts_in_silhouette: This needs approval: confirming posts a request in the channel for ${p.approval.required} of ${peopleText(p.approval.approvers)}.`
    : '';
  const glass = p.breakGlass
    ? `\n:rotating_light: Break-glass${p.breakGlass.skipped.length > 0 ? `: this skips ${p.breakGlass.skipped.map((s) => (s === 'freeze' ? 'the freeze' : 'the approval')).join(' and ')}` : ''}. It is announced in the channel, and an approver must review it afterwards.`
    : '';
  return {
    replace: false,
    message: renderConfirmation({
      confirmationId: p.confirmation.id,
      title,
      what: `${esc(d.effect)}${approval}${glass}`,
      warning: d.lost[0] ?? null,
      confirmLabel: p.approval ? 'Ask for approval' : (words?.label ?? confirmLabel(request)),
      expiresInMinutes: p.ttlMinutes,
    }),
  };
}

function confirmLabel(request: ActionRequest): string {
  switch (request.kind) {
    case 'hostname':
      return 'Change hostname';
    case 'snapshot':
      return 'Take snapshot';
    case 'appserver-reboot':
      return request.hard ? 'HARD reboot' : 'Reboot';
    default:
      return 'Confirm';
  }
}

/** What replaces a confirmation once Confirm was clicked. */
export function confirmedReply(o: ConfirmOutcome, user: string): Reply {
  switch (o.code) {
    case 'confirmation_closed':
      // Someone else's click or a second click: the original stays as it is for its owner.
      return send(`:information_source: ${closedWhy[o.why]}`);
    case 'already_run':
      return send(':information_source: This was carried out already: nothing more was done.');
    case 'refused':
      // A busy server leaves the confirmation open, to be confirmed again once it is free.
      return o.refusal.code === 'server_busy'
        ? refusedReply(o.refusal)
        : replace(`:no_entry: ${refusalText(o.refusal)} Nothing was done.`);
    case 'approval_requested':
      return replace(
        `:busts_in_silhouette: ${esc(describeRequest(o.request).title)}: this needs approval, so a request was posted in the channel. Nothing was done yet.`,
      );
    case 'started':
      return replace(startedText(o, user));
  }
}

function startedText(o: Extract<StartOutcome, { code: 'started' }>, user: string): string {
  const name = esc(o.operation.targetName);
  return answerText(o.answer, name, o.operation.jobId, user, o.operation.provider === 'huawei');
}

function answerText(
  a: AnswerSummary,
  name: string,
  jobId: string | null,
  user: string,
  appServers: boolean,
): string {
  switch (a.kind) {
    case 'queued':
      return `:white_check_mark: ${mention(user)} ${name}: requested (job \`${esc(a.jobId ?? jobId ?? '—')}\`). Updates follow in the channel thread.`;
    case 'done':
      return `:white_check_mark: ${name}: done. The channel has the details.`;
    case 'rebooting':
      return `:white_check_mark: ${mention(user)} Huawei accepted the reboot of ${a.accepted === 1 ? name : `${a.accepted} app servers`}. Updates follow in the channel thread.${
        a.notRebooted.length > 0
          ? `\n:warning: Not rebooted: ${a.notRebooted.map((r) => esc(r.name)).join(', ')}`
          : ''
      }`;
    case 'refused':
      return `:x: ${name}: ${esc(toUserMessage(a.error))} ${appServers ? 'Nothing was rebooted.' : 'Nothing was changed.'}`;
    case 'unknown':
      return `:grey_question: ${name}: the answer was lost${a.error ? ` (${esc(toUserMessage(a.error))})` : ''}, so it may or may not have happened. Nothing was repeated; the thread in the channel will say what the server shows.`;
  }
}

export function cancelledReply(o: CancelOutcome): Reply {
  if (o.code === 'confirmation_closed') return send(`:information_source: ${closedWhy[o.why]}`);
  const target =
    o.request.kind === 'appserver-reboot'
      ? o.request.servers.length === 1
        ? o.request.servers[0]!.name
        : `the ${o.request.servers.length} app servers`
      : o.request.vpsName;
  return replace(
    `:heavy_multiplication_x: Cancelled: ${esc(target)} ${o.request.kind === 'appserver-reboot' && o.request.servers.length > 1 ? 'were' : 'was'} left as ${o.request.kind === 'appserver-reboot' && o.request.servers.length > 1 ? 'they are' : 'it is'}.`,
  );
}

/** What the person who clicked Approve, Reject or Cancel request is told privately. */
export function decisionReply(o: DecisionOutcome): Reply {
  switch (o.code) {
    case 'request_unknown':
      return send(':no_entry: This request is no longer known to the bot. Ask again if it is still needed.');
    case 'request_closed':
      return send(`:no_entry: ${closedRequest[o.status]}`);
    case 'refused':
      return refusedReply(o.refusal);
    case 'already_voted':
      return send(
        `:no_entry: You already approved this (${approvalsText(o.votes, o.required)}); it needs someone else now.`,
      );
    case 'vote_recorded':
      return send(
        `:white_check_mark: Your approval is recorded (${approvalsText(o.votes, o.required)}). It needs ${o.required - o.votes} more from someone else.`,
      );
    case 'approved':
      return send(approvedText(o.request, o.run));
    case 'countdown':
      return send(
        `:hourglass_flowing_sand: Approved: ${esc(describeRequest(o.request).title)} starts ${slackTime(o.runAt)}. Until then you, another approver or the requester can stop it with Cancel on the request.`,
      );
    case 'rejected':
      return send(':no_entry: Rejected: nothing will be done, and the request says so in the channel.');
    case 'cancelled':
      return send(':heavy_multiplication_x: Cancelled: nothing will be done.');
    case 'not_requester':
      return send(
        ':no_entry: Only the person who asked can cancel this request; approvers can reject it, or stop it during its countdown.',
      );
    case 'own_request':
      return send(':no_entry: This is your own request: use “Cancel request” to withdraw it.');
  }
}

const closedRequest: Record<string, string> = {
  pending: 'This request is still open.',
  executing: 'This request was approved and is being carried out.',
  executed: 'This request was already approved and carried out.',
  approved: 'This request is already approved.',
  rejected: 'This request was rejected: nothing was done.',
  cancelled: 'This request was cancelled: nothing was done.',
  expired: 'This request expired: nothing was done. Ask again if it is still needed.',
  failed: 'This request was approved but could not be carried out; see the message.',
};

function approvedText(request: ActionRequest, run: StartOutcome): string {
  const title = esc(describeRequest(request).title);
  switch (run.code) {
    case 'started':
      return approvedStartedText(title, run.answer);
    case 'refused':
      return `:x: Approved, but not carried out: ${refusalText(run.refusal)}`;
    case 'already_run':
      return ':white_check_mark: This request is approved and already being carried out.';
    case 'needs_approval':
    case 'confirmation_closed':
      return `:information_source: ${title}: nothing more was done.`;
  }
}

function approvedStartedText(title: string, a: AnswerSummary): string {
  switch (a.kind) {
    case 'queued':
      return `:white_check_mark: Approved: ${title} has started (job \`${esc(a.jobId)}\`). Updates follow in the request’s thread.`;
    case 'done':
      return `:white_check_mark: Approved: ${title} is done.`;
    case 'rebooting':
      return `:white_check_mark: Approved: ${title} has started; Huawei accepted ${a.accepted} of ${a.accepted + a.notRebooted.length}. Updates follow in the request’s thread.${
        a.notRebooted.length > 0 ? ` Not rebooted: ${a.notRebooted.map((r) => esc(r.name)).join(', ')}.` : ''
      }`;
    case 'refused':
      return `:x: Approved, but ${title} was refused: ${esc(toUserMessage(a.error))} Nothing was changed.`;
    case 'unknown':
      return `:grey_question: Approved: ${title} was sent, but the answer was lost, so it may or may not have happened. Nothing was repeated; the request’s thread will say what the server shows.`;
  }
}

/** What a person who asked for a restore is told when the request could not be posted. */
export function requestReply(o: OpenRequestOutcome): Reply | null {
  switch (o.code) {
    case 'requested':
      return null; // The private note goes out with the request itself, after it is posted.
    case 'refused':
      return send(`:no_entry: ${refusalText(o.refusal)} Nothing was requested.`);
    case 'confirmation_closed':
      return send(':information_source: This form was already submitted: nothing more was requested.');
  }
}

/** The action as a person names it: "a forced restart of web-01". */
export function actionPhrase(request: ActionRequest): string {
  return `${actionNoun(actionNameOf(request))} of ${request.kind === 'appserver-reboot' ? `${request.servers.length} app server(s)` : request.vpsName}`;
}
