import { type CommandInfo, commandCatalogue, type ParseResult } from '../../domain/commands.js';
import { slashCommand } from '../ids.js';
import { type Block, context, esc, header, plainMessage, type SlackMessage, section } from './elements.js';

/** `/vps help`: every command from the catalogue, reading first, then acting. */
export function renderHelp(topic: string | null): SlackMessage {
  if (topic) {
    const info = commandCatalogue.find((c) => c.name === topic);
    if (info) return renderCommandHelp(info);
  }
  const line = (c: CommandInfo) => `\`${esc(c.usage)}\` — ${esc(c.description)}`;
  const blocks: Block[] = [
    header('/vps — servers from Slack'),
    section(
      `*Look*\n${commandCatalogue
        .filter((c) => !c.acts)
        .map(line)
        .join('\n')}`,
    ),
    section(
      `*Act* (operators only; each asks you to confirm)\n${commandCatalogue
        .filter((c) => c.acts)
        .map(line)
        .join('\n')}`,
    ),
    context(
      'A VPS can be named by its name, hostname, primary IP or id. `/vps help <command>` shows an example.',
    ),
  ];
  return { text: 'How to use /vps', blocks };
}

function renderCommandHelp(info: CommandInfo): SlackMessage {
  const text = `\`${esc(info.usage)}\`\n${esc(info.description)}\nExample: \`${esc(info.example)}\``;
  const blocks: Block[] = [section(text)];
  if (info.acts) blocks.push(context('Only operators can run this; you will be asked to confirm first.'));
  return { text: info.usage, blocks };
}

/**
 * A command the parser could not read: its sentence, the usage of the command meant, and the way
 * to every command, said once (some of the parser's sentences already end with it).
 */
export function renderParseError(parsed: Extract<ParseResult, { ok: false }>): SlackMessage {
  const usage = parsed.usage ? `\nUsage: \`${esc(parsed.usage)}\`` : '';
  const hint = parsed.error.includes(`${slashCommand} help`)
    ? ''
    : `\nSee \`${slashCommand} help\` for every command.`;
  return plainMessage(`:warning: ${esc(parsed.error)}${usage}${hint}`);
}
