import { actionNames } from './action-request.js';
import { type CommandInfo, commandCatalogue } from './command-catalogue.js';
import type { Command, ParseResult } from './commands.js';
import { closestMatches } from './edit-distance.js';
import { validateHostname } from './hostname.js';
import { joinWords, quoteForMessage } from './message-text.js';
import { fail, ok, parseAuditExport, tooMany } from './parse-results.js';
import { validateSnapshotName } from './snapshot-names.js';
import type { Token } from './tokenize.js';

/** The first word of each command (and its aliases), lower-cased. */
const byVerb = new Map<string, CommandInfo>();
for (const info of commandCatalogue) {
  if (info.subcommand) continue;
  for (const word of [info.name.split(' ')[0]!, ...info.aliases]) byVerb.set(word, info);
}
const verbNames = [...new Set(commandCatalogue.map((c) => c.name.split(' ')[0]!))];

/**
 * Words people reach for that we deliberately do not accept, because they could mean two
 * different things (a "reboot" may be a clean restart or a hard reset).
 */
const ambiguousVerbs: ReadonlyMap<string, string> = new Map([
  [
    'reboot',
    'There is no “reboot”: use `/vps restart <vps>` for a clean reboot, or `/vps reset <vps>` for a hard one.',
  ],
  [
    'poweroff',
    'There is no “poweroff”: use `/vps shutdown <vps>` for a clean power-off, or `/vps stop <vps>` in an emergency.',
  ],
  ['power', 'Say which power action: start, shutdown, stop, restart or reset (e.g. `/vps restart web-01`).'],
]);

/** Flags each command accepts; `--help` works everywhere and is handled first. */
const allowedFlags: Readonly<Record<string, readonly string[]>> = {
  start: ['--break-glass'],
  shutdown: ['--break-glass'],
  stop: ['--break-glass'],
  restart: ['--force', '--break-glass'],
  reset: ['--break-glass'],
  hostname: ['--break-glass'],
  snapshot: ['--break-glass'],
  restore: ['--break-glass'],
  'restore-from': ['--break-glass'],
  'appserver reboot': ['--hard', '--break-glass'],
};

/** Job ids go into a URL path, so only the characters HostUp uses in them pass. */
const jobIdPattern = /^[A-Za-z0-9_-]{1,100}$/;

const isFlag = (t: Token): boolean => !t.quoted && t.text.startsWith('--');

export function parseTokens(tokens: readonly Token[]): ParseResult {
  const first = tokens[0];
  if (!first) return ok({ kind: 'help', topic: null });
  const verb = first.text.toLowerCase();
  const info = byVerb.get(verb);
  if (!info) return unknownVerb(first);
  if (info.kind === 'help') return parseHelp(tokens.slice(1));

  let rest = tokens.slice(1);
  if (info.kind === 'appserver-reboot') {
    const sub = rest[0];
    if (sub?.text.toLowerCase() !== 'reboot') {
      if (sub && isFlag(sub) && sub.text.toLowerCase() === '--help') {
        return ok({ kind: 'help', topic: info.name });
      }
      const error = sub
        ? `${quoteForMessage(`appserver ${sub.text}`)} is not a command: app servers can only be rebooted.`
        : 'Which app servers should be rebooted?';
      return fail(`${error} For example: \`${info.example}\`.`, info);
    }
    rest = rest.slice(1);
  }

  const glass = takeBreakGlass(rest, info);
  if ('error' in glass) return glass.error;
  rest = glass.rest;
  const flags = rest.filter(isFlag).map((t) => t.text.toLowerCase());
  if (flags.includes('--help')) return ok({ kind: 'help', topic: info.name });
  const flagError = checkFlags(info, glass.reason === null ? flags : [...flags, '--break-glass']);
  if (flagError) return flagError;

  const args = rest.filter((t) => !isFlag(t)).map((t) => t.text);
  if (args.includes('')) return fail('Empty quotes ("") are not a valid argument.', info);
  const parsed = parseArguments(info, args, new Set(flags));
  if (!parsed.ok || glass.reason === null) return parsed;
  return ok({ ...parsed.command, breakGlass: glass.reason } as Command);
}

/**
 * `--break-glass "<reason>"` (or `--break-glass=<reason>`): the one flag with a value. The reason
 * is required: break-glass is never silent, and the after-review needs to know why.
 */
function takeBreakGlass(
  tokens: readonly Token[],
  info: CommandInfo,
): { rest: Token[]; reason: string | null } | { error: ParseResult } {
  const at = tokens.findIndex((t) => isFlag(t) && /^--break-glass(=|$)/i.test(t.text));
  if (at < 0) return { rest: [...tokens], reason: null };
  const flag = tokens[at]!.text;
  const inline = flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : null;
  const next = tokens[at + 1];
  const reason = (inline ?? (next && !isFlag(next) ? next.text : '')).trim();
  if (reason === '') {
    return { error: fail('`--break-glass` needs a reason: `--break-glass "why it cannot wait"`.', info) };
  }
  const used = inline === null ? 2 : 1;
  return { rest: [...tokens.slice(0, at), ...tokens.slice(at + used)], reason: reason.slice(0, 500) };
}

function unknownVerb(first: Token): ParseResult {
  const verb = first.text.toLowerCase();
  const special = ambiguousVerbs.get(verb);
  if (special) return fail(`${special} Type \`/vps help\` to see every command.`);
  if (!first.quoted && verb.startsWith('--')) {
    return fail(
      `Start with a command, then options: e.g. \`/vps restart web-01 --force\`. Type \`/vps help\` to see every command.`,
    );
  }
  return fail(
    `I don't know the command ${quoteForMessage(first.text)}.${didYouMean(first.text)} Type \`/vps help\` to see every command.`,
  );
}

/** " Did you mean `start` or `restart`?" naming the closest verbs, or "" when none is close. */
function didYouMean(word: string): string {
  const matches = closestMatches(word, verbNames, 3);
  if (matches.length === 0) return '';
  return ` Did you mean ${joinWords(
    matches.map((m) => `\`${m}\``),
    'or',
  )}?`;
}

function parseHelp(rest: readonly Token[]): ParseResult {
  const helpInfo = byVerb.get('help')!;
  const words = rest.filter((t) => !(isFlag(t) && t.text.toLowerCase() === '--help'));
  const topicWord = words[0];
  if (!topicWord) return ok({ kind: 'help', topic: null });
  const topic = byVerb.get(topicWord.text.toLowerCase());
  if (!topic) {
    return fail(
      `There is no command ${quoteForMessage(topicWord.text)} to explain.${didYouMean(topicWord.text)} Type \`/vps help\` to see every command.`,
      helpInfo,
    );
  }
  const second = words[1]?.text.toLowerCase();
  if (topic.kind === 'audit' && second === 'export') {
    if (words.length > 2)
      return tooMany(
        helpInfo,
        words.slice(2).map((t) => t.text),
      );
    return ok({ kind: 'help', topic: 'audit export' });
  }
  const extra = words.slice(topic.kind === 'appserver-reboot' && second === 'reboot' ? 2 : 1);
  if (extra.length > 0)
    return tooMany(
      helpInfo,
      extra.map((t) => t.text),
    );
  return ok({ kind: 'help', topic: topic.name });
}

function checkFlags(info: CommandInfo, flags: readonly string[]): ParseResult | null {
  const allowed = allowedFlags[info.name] ?? [];
  const unknown = [...new Set(flags.filter((f) => !allowed.includes(f)))];
  if (unknown.length === 0) return null;
  const [only] = unknown;
  if (unknown.length === 1 && only === '--force' && info.kind === 'power') {
    return fail(
      `\`--force\` only goes with restart (\`/vps restart <vps> --force\`); ${info.name} takes no options.`,
      info,
    );
  }
  if (unknown.length === 1 && only === '--hard' && info.kind !== 'appserver-reboot') {
    return fail('`--hard` only goes with `/vps appserver reboot <server…> --hard`.', info);
  }
  const names = joinWords(unknown.map((f) => quoteForMessage(f)));
  const verb = unknown.length === 1 ? 'is not an option' : 'are not options';
  const accepted = allowed.length > 0 ? ` It accepts ${joinWords(allowed)}.` : ' It takes no options.';
  return fail(`${names} ${verb} of \`/vps ${info.name}\`.${accepted}`, info);
}

const whichVps = 'Which VPS? Give its name, hostname, IP address or id.';

function parseArguments(info: CommandInfo, args: readonly string[], flags: ReadonlySet<string>): ParseResult {
  const [a, b, c] = args;
  const oneVps = (build: (vps: string) => Command): ParseResult => {
    if (a === undefined) return fail(whichVps, info);
    if (args.length > 1) return tooMany(info, args.slice(1));
    return ok(build(a));
  };
  const text = args.length > 0 ? args.join(' ') : null;

  switch (info.kind) {
    case 'list':
      return ok({ kind: 'list', filter: text });
    case 'appservers':
      return ok({ kind: 'appservers', filter: text });
    case 'show':
      return oneVps((vps) => ({ kind: 'show', vps }));
    case 'snapshots':
      return oneVps((vps) => ({ kind: 'snapshots', vps }));
    case 'power': {
      const action = info.powerAction!;
      return oneVps((vps) => ({ kind: 'power', action, vps, force: flags.has('--force') }));
    }
    case 'hostname': {
      if (a === undefined) return fail('Which VPS, and what should its new hostname be?', info);
      if (b === undefined)
        return fail('What should the new hostname be? Give a full name like web-01.example.com.', info);
      if (args.length > 2) return tooMany(info, args.slice(2));
      const valid = validateHostname(b);
      if (!valid.ok) return fail(valid.reason, info);
      return ok({ kind: 'hostname', vps: a, hostname: valid.hostname });
    }
    case 'snapshot': {
      if (a === undefined) return fail(whichVps, info);
      if (args.length > 2) return tooMany(info, args.slice(2));
      if (b === undefined) return ok({ kind: 'snapshot', vps: a, name: null });
      const valid = validateSnapshotName(b);
      if (!valid.ok) return fail(valid.reason, info);
      return ok({ kind: 'snapshot', vps: a, name: valid.name });
    }
    case 'restore':
      if (a === undefined) return fail(whichVps, info);
      if (args.length > 2) return tooMany(info, args.slice(2));
      return ok({ kind: 'restore', vps: a, snapshot: b ?? null });
    case 'restore-from':
      if (a === undefined) return fail(`${whichVps} That is the VPS whose disk gets replaced.`, info);
      if (args.length > 3) return tooMany(info, args.slice(3));
      if (b !== undefined && c === undefined) {
        return fail('Give both the source VPS and the backup id, or neither to pick from a list.', info);
      }
      return ok({
        kind: 'restore-from',
        vps: a,
        source: b !== undefined && c !== undefined ? { vps: b, backupId: c } : null,
      });
    case 'jobs':
      if (args.length > 0) return tooMany(info, args);
      return ok({ kind: 'jobs' });
    case 'job':
      if (a === undefined) return fail('Which job? Give its id, as shown by `/vps jobs`.', info);
      if (args.length > 1) return tooMany(info, args.slice(1));
      if (!jobIdPattern.test(a)) {
        return fail(
          `${quoteForMessage(a)} is not a job id: job ids are letters, digits, _ and - (like job_01hx2k).`,
          info,
        );
      }
      return ok({ kind: 'job', jobId: a });
    case 'audit':
      if (a?.toLowerCase() === 'export') return parseAuditExport(args.slice(1));
      if (args.length > 1) return tooMany(info, args.slice(1));
      return ok({ kind: 'audit', vps: a ?? null });
    case 'policy': {
      if (a === undefined) return fail(whichVps, info);
      if (args.length > 2) return tooMany(info, args.slice(2));
      if (b === undefined) return ok({ kind: 'policy', vps: a, action: null });
      const action = actionNames.find((n) => n === b.toLowerCase());
      if (!action) {
        const close = closestMatches(b, actionNames, 2);
        const hint =
          close.length > 0
            ? ` Did you mean ${joinWords(
                close.map((m) => `\`${m}\``),
                'or',
              )}?`
            : '';
        return fail(
          `${quoteForMessage(b)} is not an action.${hint} Actions: ${actionNames.join(', ')}.`,
          info,
        );
      }
      return ok({ kind: 'policy', vps: a, action });
    }
    case 'audit-export':
      return parseAuditExport(args);
    case 'requests':
      if (args.length > 0) return tooMany(info, args);
      return ok({ kind: 'requests' });
    case 'appserver-reboot':
      if (a === undefined) return fail('Which app servers? Give one or more names.', info);
      return ok({ kind: 'appserver-reboot', servers: [...new Set(args)], hard: flags.has('--hard') });
    case 'help':
      return ok({ kind: 'help', topic: null });
  }
}
