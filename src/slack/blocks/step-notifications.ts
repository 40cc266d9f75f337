import type { StepNotification } from '../../domain/step-notifications.js';
import { toUserMessage } from '../../errors.js';
import { ActionId } from '../ids.js';
import { names } from './app-server-notifications.js';
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
import { refusalText } from './refusals.js';
import { formatDuration, slackTime } from './time-words.js';

/**
 * The thread's lines between the steps of an operation of several steps: the safety snapshot
 * taken (or not) before a restore, a canary reboot back or failed, the choice after a failure.
 */
export function renderStepNotification(n: StepNotification): SlackMessage {
  switch (n.type) {
    case 'operation.step-ended':
      return stepEnded(n);
    case 'operation.steps-stopped': {
      const who = n.by
        ? `${mention(n.by)} chose to stop here`
        : 'Nobody chose in time, so the bot stopped here';
      const text = `:octagonal_sign: ${who}: ${n.notCalled.length > 0 ? `${esc(names(n.notCalled))} ${n.notCalled.length === 1 ? 'was' : 'were'} not rebooted` : 'nothing more was called'}.`;
      return { text, blocks: [section(text)] };
    }
    case 'operation.steps-continued': {
      const text = `:arrow_forward: ${mention(n.by)} chose to go on: rebooting ${esc(names(n.servers))}.`;
      return { text, blocks: [section(text)] };
    }
    case 'operation.safety-skipped': {
      const text = `:warning: No safety snapshot of *${esc(n.subject.targetName)}* before this restore: HostUp does not allow one now (${esc(n.reason ?? 'no reason given')}). The policy allows going on without one (\`safety_point: when_possible\`), so there will be no Undo.`;
      return { text, blocks: [section(text)] };
    }
  }
}

function stepEnded(n: Extract<StepNotification, { type: 'operation.step-ended' }>): SlackMessage {
  const vps = `*${esc(n.subject.targetName)}*`;
  const why = n.refusal ? refusalText(n.refusal) : n.error ? esc(toUserMessage(n.error)) : 'no reason given';
  const took = n.durationMs != null ? ` in ${formatDuration(n.durationMs)}` : '';
  if (n.role === 'safety') {
    const name = `\`${esc(n.snapshotName ?? 'the safety snapshot')}\``;
    if (n.outcome === 'done') {
      const text = `:camera_with_flash: Safety point ${name} taken${took}. Restoring ${vps} now.`;
      return { text, blocks: [section(text)] };
    }
    const text =
      n.next === 'stop'
        ? `:no_entry: The safety snapshot ${name} could not be made: ${why}. Nothing was restored: the policy requires a safety point (\`safety_point: required\`).`
        : `:warning: The safety snapshot ${name} could not be made: ${why}. Restoring ${vps} without one, as the policy allows (\`safety_point: when_possible\`); there will be no Undo.`;
    return { text, blocks: [section(text)] };
  }
  if (n.role === 'main') {
    const text = `:no_entry: ${mention(n.subject.requester)} the restore of ${vps} was not started: ${why}`;
    return { text, blocks: [section(text)] };
  }
  const these = esc(names(n.servers ?? []));
  const rest = n.remaining ?? 0;
  if (n.outcome === 'done') {
    const lead =
      n.role === 'canary' ? `:hatching_chick: Canary ${these} is back` : `:white_check_mark: ${these} back`;
    const text = `${lead}${took}. Rebooting the next ${Math.min(rest, 20)} of ${rest} now.`;
    return { text, blocks: [section(text)] };
  }
  if (n.next === 'stop') {
    const text = `:no_entry: The reboot stopped before ${these}: ${why}`;
    return { text, blocks: [section(text)] };
  }
  const text = `:warning: ${mention(n.subject.requester)} ${these} did not come back cleanly: ${why}. The other ${rest} ${rest === 1 ? 'was' : 'were'} not rebooted. Go on with them, or stop here?`;
  const blocks: Block[] = [
    section(text),
    actions('operation_steps', [
      button({
        actionId: ActionId.continueSteps,
        text: `Continue with the other ${rest}`,
        value: n.subject.operationId,
        style: 'danger',
        confirm: {
          title: 'Reboot the others?',
          text: `${these} failed. Rebooting the other ${rest} now cuts off anyone logged in on them.`,
          confirm: 'Continue',
        },
      }),
      button({ actionId: ActionId.stopSteps, text: 'Stop here', value: n.subject.operationId }),
    ]),
  ];
  if (n.pausedUntil)
    blocks.push(context(`Without a choice by ${slackTime(n.pausedUntil)}, the bot stops here.`));
  return { text, blocks };
}
