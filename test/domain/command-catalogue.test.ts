import { describe, expect, it } from 'vitest';
import { powerActions } from '../../src/domain/actions.js';
import {
  type Command,
  commandCatalogue,
  commandInfo,
  isActingCommand,
  parseCommand,
  usageHint,
} from '../../src/domain/commands.js';

const kinds: readonly Command['kind'][] = [
  'help',
  'list',
  'show',
  'power',
  'hostname',
  'snapshots',
  'snapshot',
  'restore',
  'restore-from',
  'policy',
  'jobs',
  'job',
  'audit',
  'audit-export',
  'requests',
  'appservers',
  'appserver-reboot',
];

describe('commandCatalogue', () => {
  it.each(commandCatalogue.map((c) => [c.name, c] as const))('has a working example for %s', (_, info) => {
    const result = parseCommand(info.example.replace(/^\/vps\s*/, ''));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.command.kind).toBe(info.kind);
    expect(commandInfo(result.command)).toBe(info);
    expect(isActingCommand(result.command)).toBe(info.acts);
  });

  it('covers every command kind and every power action', () => {
    expect(new Set(commandCatalogue.map((c) => c.kind))).toEqual(new Set(kinds));
    expect(commandCatalogue.filter((c) => c.kind === 'power').map((c) => c.powerAction)).toEqual([
      ...powerActions,
    ]);
  });

  it('gives every acting command an activity for refusals and no read-only one', () => {
    for (const info of commandCatalogue) {
      expect(info.activity !== null, info.name).toBe(info.acts);
      expect(info.usage.startsWith(`/vps ${info.name}`), info.name).toBe(true);
      expect(info.description.length).toBeLessThan(120);
    }
  });

  it('has no word that picks two commands (a sub-command is reached through its parent’s verb)', () => {
    const words = commandCatalogue
      .filter((c) => !c.subcommand)
      .flatMap((c) => [c.name.split(' ')[0], ...c.aliases]);
    expect(new Set(words).size).toBe(words.length);
    for (const sub of commandCatalogue.filter((c) => c.subcommand)) {
      expect(words, sub.name).toContain(sub.name.split(' ')[0]);
    }
  });

  it('marks exactly the commands that change a server as acting', () => {
    const acting = (text: string) => {
      const result = parseCommand(text);
      if (!result.ok) throw new Error(result.error);
      return isActingCommand(result.command);
    };
    expect(acting('restart web-01 --force')).toBe(true);
    expect(acting('restore web-01')).toBe(true);
    expect(acting('restore-from web-02')).toBe(true);
    expect(acting('hostname web-01 a.example.com')).toBe(true);
    expect(acting('appserver reboot a')).toBe(true);
    expect(acting('show web-01')).toBe(false);
    expect(acting('snapshots web-01')).toBe(false);
    expect(acting('audit')).toBe(false);
    expect(acting('jobs')).toBe(false);
  });

  it('builds the manifest usage hint from the command names', () => {
    expect(usageHint).toBe(
      'help | list | show | start | shutdown | stop | restart | reset | hostname | snapshots | snapshot | restore | ' +
        'restore-from | jobs | job | audit | policy | audit export | requests | appservers | appserver reboot',
    );
  });
});
