import type { HostnameResult } from '../../domain/vps.js';
import { slashCommand } from '../ids.js';
import { type Block, context, esc, mention, type SlackMessage, section } from './elements.js';

/** The visible result of a hostname change, including what happened to reverse DNS. */
export function renderHostnameResult(args: {
  requester: string;
  vpsName: string;
  result: HostnameResult;
}): SlackMessage {
  const { result } = args;
  const lines = [
    `${mention(args.requester)} changed the hostname of *${esc(args.vpsName)}* to \`${esc(result.hostname)}\`.`,
  ];
  const rdns = result.reverseDns;
  if (rdns) {
    if (rdns.status === 'restored') {
      lines.push(
        `Reverse DNS was updated for ${rdns.restoredIps.map(escape).join(', ') || 'its addresses'}.`,
      );
    } else if (rdns.status === 'partial_failure') {
      lines.push(
        `:warning: Reverse DNS could not be updated for ${rdns.failedIps.map(escape).join(', ') || 'some addresses'}` +
          `${rdns.detail ? ` (${esc(rdns.detail)})` : ''}. Ask HostUp support to set it, quoting this change.`,
      );
    } else {
      lines.push('Reverse DNS did not need a change.');
    }
  }
  const blocks: Block[] = [section(lines.join('\n'))];
  if (result.reloadRecommended) {
    blocks.push(
      context(
        `A restart is recommended so the server picks up its new name: \`${slashCommand} restart ${esc(args.vpsName)}\``,
      ),
    );
  }
  return { text: lines[0] ?? 'Hostname changed', blocks };
}
