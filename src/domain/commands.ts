import type { ActionName } from './action-request.js';
import type { PowerAction } from './actions.js';
import { parseTokens } from './command-parser.js';
import { tokenize } from './tokenize.js';

export {
  type CommandInfo,
  commandCatalogue,
  commandInfo,
  isActingCommand,
  usageHint,
} from './command-catalogue.js';

/**
 * What a person asked for with `/vps …`, as plain data. Arguments are kept exactly as typed
 * (a VPS may be named by name, hostname, IP or id): the resolver turns them into the API's own ids,
 * so nothing here is ever sent to an API as an id.
 */
export type Command =
  /** `topic` is a catalogue name (`restart`, `appserver reboot`), or null for the overview. */
  | { readonly kind: 'help'; readonly topic: string | null }
  | { readonly kind: 'list'; readonly filter: string | null }
  | { readonly kind: 'show'; readonly vps: string }
  | ({
      readonly kind: 'power';
      readonly action: PowerAction;
      readonly vps: string;
      readonly force: boolean;
    } & BreakGlass)
  /** `hostname` has passed `validateHostname` (one trailing dot dropped). */
  | ({ readonly kind: 'hostname'; readonly vps: string; readonly hostname: string } & BreakGlass)
  | { readonly kind: 'snapshots'; readonly vps: string }
  /** `name` has passed `validateSnapshotName`; null lets the bot name it (`manual-<UTC minute>`). */
  | ({ readonly kind: 'snapshot'; readonly vps: string; readonly name: string | null } & BreakGlass)
  /** Without a snapshot the person picks one from the list. */
  | ({ readonly kind: 'restore'; readonly vps: string; readonly snapshot: string | null } & BreakGlass)
  /** Without a source the person picks one from the restore sources. */
  | ({
      readonly kind: 'restore-from';
      readonly vps: string;
      readonly source: { readonly vps: string; readonly backupId: string } | null;
    } & BreakGlass)
  | { readonly kind: 'jobs' }
  /** `jobId` is letters, digits, `_` and `-` only, so it is safe inside a URL path. */
  | { readonly kind: 'job'; readonly jobId: string }
  | { readonly kind: 'audit'; readonly vps: string | null }
  /** `days`: 1 to 366. */
  | { readonly kind: 'audit-export'; readonly days: number }
  | { readonly kind: 'requests' }
  | { readonly kind: 'appservers'; readonly filter: string | null }
  /** `servers` has at least one entry, without repeats. */
  | ({
      readonly kind: 'appserver-reboot';
      readonly servers: readonly string[];
      readonly hard: boolean;
    } & BreakGlass)
  /** `action`, when given, is one of the policy's action names. */
  | { readonly kind: 'policy'; readonly vps: string; readonly action: ActionName | null };

/**
 * `--break-glass "<reason>"`: act during a freeze, or without waiting for approval, as the policy
 * allows break-glass members to. Present only when typed, with a non-empty reason.
 */
interface BreakGlass {
  readonly breakGlass?: string;
}

export type CommandKind = Command['kind'];

/** `error` is a sentence for the person; `usage` (when set) is the command's usage line. */
export type ParseResult =
  | { readonly ok: true; readonly command: Command }
  | { readonly ok: false; readonly error: string; readonly usage?: string };

/** Longer text is refused before any parsing, so no input can make parsing slow. */
export const maxCommandLength = 1000;

/** Control characters other than whitespace: nobody types them on purpose. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const controlChar = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/u;

/**
 * Parses the text after `/vps`. Never throws: anything it cannot read becomes `{ok: false}`
 * with a sentence saying what is wrong and, where it helps, the usage of the command meant.
 */
export function parseCommand(text: string): ParseResult {
  const input = typeof text === 'string' ? text.trim() : '';
  if (input.length > maxCommandLength) {
    return {
      ok: false,
      error: `That command is ${input.length} characters long; /vps accepts at most ${maxCommandLength}.`,
    };
  }
  const control = controlChar.exec(input);
  if (control) {
    const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return {
      ok: false,
      error: `The command contains an invisible control character (U+${code}); type it again without it.`,
    };
  }
  const tokens = tokenize(input);
  if (!tokens.ok) return { ok: false, error: tokens.error };
  return parseTokens(tokens.tokens);
}
