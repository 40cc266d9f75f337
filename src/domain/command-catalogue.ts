import type { PowerAction } from './actions.js';
import type { Command, CommandKind } from './commands.js';

/**
 * Every `/vps` command in one list: help text, the manifest's usage hint and the parser's verb
 * table all read from here, so they cannot disagree.
 */
export interface CommandInfo {
  /** What a person types after `/vps` to pick it; `appserver reboot` is two words. */
  readonly name: string;
  readonly kind: CommandKind;
  /** Set on the five power commands. */
  readonly powerAction?: PowerAction;
  /** Other words that pick the same command (`ls` for `list`). */
  readonly aliases: readonly string[];
  readonly usage: string;
  readonly description: string;
  /** A command that works as typed, for help text (and tested to parse). */
  readonly example: string;
  /** True when it changes a server (so only operators may run it). */
  readonly acts: boolean;
  /** Finishes "Only operators can …" when someone else tries; null for read-only commands. */
  readonly activity: string | null;
  /** A second word after another command's verb (`audit export`): reached through that verb. */
  readonly subcommand?: true;
}

const power = (
  action: PowerAction,
  usage: string,
  description: string,
  example: string,
  activity: string,
): CommandInfo => ({
  name: action,
  kind: 'power',
  powerAction: action,
  aliases: [],
  usage,
  description,
  example,
  acts: true,
  activity,
});

export const commandCatalogue: readonly CommandInfo[] = [
  {
    name: 'help',
    kind: 'help',
    aliases: ['?', '--help', '-h'],
    usage: '/vps help [command]',
    description: 'Shows every command, or how to use one.',
    example: '/vps help restart',
    acts: false,
    activity: null,
  },
  {
    name: 'list',
    kind: 'list',
    aliases: ['ls'],
    usage: '/vps list [filter]',
    description: 'Lists VPSes, or only those whose name, hostname, IP, OS or power state matches the filter.',
    example: '/vps list ubuntu',
    acts: false,
    activity: null,
  },
  {
    name: 'show',
    kind: 'show',
    aliases: ['status'],
    usage: '/vps show <vps>',
    description: 'Shows one VPS: its state, resources and what can be done to it now.',
    example: '/vps show web-01',
    acts: false,
    activity: null,
  },
  power('start', '/vps start <vps>', 'Powers a stopped VPS on.', '/vps start web-01', 'start servers'),
  power(
    'shutdown',
    '/vps shutdown <vps>',
    'Asks the operating system to power off cleanly.',
    '/vps shutdown web-01',
    'shut servers down',
  ),
  power(
    'stop',
    '/vps stop <vps>',
    'Emergency power-off, like pulling the plug: prefer shutdown.',
    '/vps stop web-01',
    'stop servers',
  ),
  power(
    'restart',
    '/vps restart <vps> [--force]',
    'Reboots cleanly; add --force only when the operating system does not respond.',
    '/vps restart web-01',
    'restart servers',
  ),
  power(
    'reset',
    '/vps reset <vps>',
    'Hard reboot without warning the operating system: prefer restart.',
    '/vps reset web-01',
    'reset servers',
  ),
  {
    name: 'hostname',
    kind: 'hostname',
    aliases: [],
    usage: '/vps hostname <vps> <fqdn>',
    description: 'Changes the hostname of a VPS.',
    example: '/vps hostname web-01 web-01.example.com',
    acts: true,
    activity: 'change hostnames',
  },
  {
    name: 'snapshots',
    kind: 'snapshots',
    aliases: [],
    usage: '/vps snapshots <vps>',
    description: 'Lists the snapshots of a VPS (they live about 24 hours).',
    example: '/vps snapshots web-01',
    acts: false,
    activity: null,
  },
  {
    name: 'snapshot',
    kind: 'snapshot',
    aliases: [],
    usage: '/vps snapshot <vps> [name]',
    description:
      'Takes a snapshot of a VPS now (kept about 24 hours); without a name it is called manual-<date>-<time>.',
    example: '/vps snapshot web-01 before-upgrade',
    acts: true,
    activity: 'take snapshots',
  },
  {
    name: 'restore',
    kind: 'restore',
    aliases: [],
    usage: '/vps restore <vps> [snapshot]',
    description: 'Restores a snapshot, replacing the disk; without a snapshot name you pick one.',
    example: '/vps restore web-01 before-upgrade',
    acts: true,
    activity: 'restore snapshots',
  },
  {
    name: 'restore-from',
    kind: 'restore-from',
    aliases: [],
    usage: '/vps restore-from <vps> [<source-vps> <backup-id>]',
    description: 'Replaces the disk of a VPS with a backup of another VPS; without a source you pick one.',
    example: '/vps restore-from web-02 web-01 bkp_123',
    acts: true,
    activity: 'restore backups',
  },
  {
    name: 'jobs',
    kind: 'jobs',
    aliases: [],
    usage: '/vps jobs',
    description: 'Lists the operations the bot is following.',
    example: '/vps jobs',
    acts: false,
    activity: null,
  },
  {
    name: 'job',
    kind: 'job',
    aliases: [],
    usage: '/vps job <job-id>',
    description: 'Shows how one operation is going.',
    example: '/vps job job_01hx2k',
    acts: false,
    activity: null,
  },
  {
    name: 'audit',
    kind: 'audit',
    aliases: [],
    usage: '/vps audit [vps]',
    description: 'Shows who did what recently, to every VPS or to one.',
    example: '/vps audit web-01',
    acts: false,
    activity: null,
  },
  {
    name: 'policy',
    kind: 'policy',
    aliases: [],
    usage: '/vps policy <vps> [action]',
    description:
      'Shows who may act on a server, who approves and how many, what needs approval, and any freeze now or soon.',
    example: '/vps policy web-01 restore',
    acts: false,
    activity: null,
  },
  {
    name: 'audit export',
    kind: 'audit-export',
    aliases: [],
    usage: '/vps audit export [days]',
    description: 'Sends you the audit trail of the last days (30 by default) as a file you can verify.',
    example: '/vps audit export 7',
    acts: false,
    activity: null,
    subcommand: true,
  },
  {
    name: 'requests',
    kind: 'requests',
    aliases: [],
    usage: '/vps requests',
    description: 'Lists the requests waiting for approval, with links to them.',
    example: '/vps requests',
    acts: false,
    activity: null,
  },
  {
    name: 'appservers',
    kind: 'appservers',
    aliases: [],
    usage: '/vps appservers [filter]',
    description: 'Lists the Huawei Workspace app servers, or those matching the filter.',
    example: '/vps appservers citrix',
    acts: false,
    activity: null,
  },
  {
    name: 'appserver reboot',
    kind: 'appserver-reboot',
    aliases: [],
    usage: '/vps appserver reboot <server…> [--hard]',
    description: 'Reboots one or more app servers (people logged in lose their sessions); --hard forces it.',
    example: '/vps appserver reboot app-01 app-02',
    acts: true,
    activity: 'reboot app servers',
  },
];

/** For the manifest's `usage_hint`: the command names, so it lists exactly what the parser knows. */
export const usageHint = commandCatalogue.map((c) => c.name).join(' | ');

const actingKinds: ReadonlySet<CommandKind> = new Set(
  commandCatalogue.filter((c) => c.acts).map((c) => c.kind),
);

/**
 * True for commands that change a server. `restore <vps>` without a snapshot counts: it starts a
 * restore, only the choice of snapshot is still open.
 */
export function isActingCommand(command: Command): boolean {
  return actingKinds.has(command.kind);
}

/** The catalogue entry for a parsed command (the power entry for its action). */
export function commandInfo(command: Command): CommandInfo {
  const found = commandCatalogue.find(
    (c) => c.kind === command.kind && (command.kind !== 'power' || c.powerAction === command.action),
  );
  // Every kind has an entry; the catalogue test checks it.
  return found!;
}
