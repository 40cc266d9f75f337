import type { StepDecisionOutcome } from '../../services/paused-operations.js';
import { names } from './app-server-notifications.js';
import { esc, plainMessage } from './elements.js';
import type { Reply } from './outcomes.js';
import { refusalText } from './refusals.js';

/** What the person who clicked "Continue with the other N" or "Stop here" is told privately. */
export function stepDecisionReply(o: StepDecisionOutcome): Reply {
  const send = (markdown: string): Reply => ({ replace: false, message: plainMessage(markdown) });
  switch (o.code) {
    case 'decided':
      return o.choice === 'continue'
        ? send(`:arrow_forward: Going on: rebooting ${esc(names(o.servers))}. The thread follows them.`)
        : send(`:octagonal_sign: Stopped here: ${esc(names(o.servers))} will not be rebooted.`);
    case 'not_paused':
      return send(
        ':information_source: This reboot is no longer waiting for a choice: nothing more was done.',
      );
    case 'unknown':
      return send(':no_entry: This operation is no longer known to the bot.');
    case 'refused':
      return send(`:no_entry: ${refusalText(o.refusal)} Nothing more was done.`);
  }
}
