import { type CommandInfo, commandCatalogue } from './command-catalogue.js';
import type { Command, ParseResult } from './commands.js';
import { joinWords, quoteForMessage } from './message-text.js';

/** The parser's answers: a command, or a sentence with the usage of the command meant. */
export const fail = (error: string, info?: CommandInfo): ParseResult =>
  info ? { ok: false, error, usage: info.usage } : { ok: false, error };
export const ok = (command: Command): ParseResult => ({ ok: true, command });

export function tooMany(info: CommandInfo, extra: readonly string[]): ParseResult {
  const shown = joinWords(extra.slice(0, 3).map((w) => quoteForMessage(w)));
  const more = extra.length > 3 ? ` (and ${extra.length - 3} more)` : '';
  const quotes = info.usage.includes('<vps>') ? ' A name with spaces goes in quotes: "my server".' : '';
  const was = extra.length === 1 ? 'was' : 'were';
  return fail(
    `Too many words for \`/vps ${info.name}\`: ${shown}${more} ${was} not expected.${quotes}`,
    info,
  );
}

/** `audit export [days]` (the words after `export`): how many days back, 1 to 366, 30 when not said. */
export function parseAuditExport(args: readonly string[]): ParseResult {
  const info = commandCatalogue.find((c) => c.kind === 'audit-export')!;
  const [days] = args;
  if (args.length > 1) return tooMany(info, args.slice(1));
  if (days === undefined) return ok({ kind: 'audit-export', days: 30 });
  const n = /^\d{1,3}$/.test(days) ? Number(days) : Number.NaN;
  if (!(n >= 1 && n <= 366)) {
    return fail(
      `${quoteForMessage(days)} is not a number of days: give 1 to 366, e.g. \`${info.example}\`.`,
      info,
    );
  }
  return ok({ kind: 'audit-export', days: n });
}
