import { describe, expect, it } from 'vitest';
import { type Command, maxCommandLength, parseCommand } from '../../src/domain/commands.js';

function parsed(text: string): Command {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${result.error}`);
  return result.command;
}

function refused(text: string): { error: string; usage?: string } {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to fail, got ${JSON.stringify(result)}`);
  return result;
}

describe('parseCommand accepts every command', () => {
  const cases: [string, Command][] = [
    ['', { kind: 'help', topic: null }],
    ['   ', { kind: 'help', topic: null }],
    ['help', { kind: 'help', topic: null }],
    ['?', { kind: 'help', topic: null }],
    ['--help', { kind: 'help', topic: null }],
    ['HELP restart', { kind: 'help', topic: 'restart' }],
    ['help ls', { kind: 'help', topic: 'list' }],
    ['help appserver', { kind: 'help', topic: 'appserver reboot' }],
    ['help appserver reboot', { kind: 'help', topic: 'appserver reboot' }],
    ['restart web-01 --help', { kind: 'help', topic: 'restart' }],
    ['list', { kind: 'list', filter: null }],
    ['ls', { kind: 'list', filter: null }],
    ['list ubuntu running', { kind: 'list', filter: 'ubuntu running' }],
    ['LIST "my server"', { kind: 'list', filter: 'my server' }],
    ['show web-01', { kind: 'show', vps: 'web-01' }],
    ['status 192.0.2.10', { kind: 'show', vps: '192.0.2.10' }],
    ['show "my server"', { kind: 'show', vps: 'my server' }],
    ['show “my server”', { kind: 'show', vps: 'my server' }],
    ["show 'my server'", { kind: 'show', vps: 'my server' }],
    ['show\u00a0web-01', { kind: 'show', vps: 'web-01' }],
    ['show web\u200b-01', { kind: 'show', vps: 'web-01' }],
    ["show o'brien", { kind: 'show', vps: "o'brien" }],
    ['show "my server"-2', { kind: 'show', vps: 'my server-2' }],
    ['show\t\nweb-01\n', { kind: 'show', vps: 'web-01' }],
    ['start web-01', { kind: 'power', action: 'start', vps: 'web-01', force: false }],
    ['Shutdown web-01', { kind: 'power', action: 'shutdown', vps: 'web-01', force: false }],
    ['stop web-01', { kind: 'power', action: 'stop', vps: 'web-01', force: false }],
    ['restart web-01', { kind: 'power', action: 'restart', vps: 'web-01', force: false }],
    ['restart web-01 --force', { kind: 'power', action: 'restart', vps: 'web-01', force: true }],
    ['restart --force web-01', { kind: 'power', action: 'restart', vps: 'web-01', force: true }],
    ['RESTART web-01 --FORCE', { kind: 'power', action: 'restart', vps: 'web-01', force: true }],
    ['restart "--force"', { kind: 'power', action: 'restart', vps: '--force', force: false }],
    ['reset vps_abc123', { kind: 'power', action: 'reset', vps: 'vps_abc123', force: false }],
    [
      'hostname web-01 web-01.example.com',
      { kind: 'hostname', vps: 'web-01', hostname: 'web-01.example.com' },
    ],
    [
      'hostname web-01 web-01.example.com.',
      { kind: 'hostname', vps: 'web-01', hostname: 'web-01.example.com' },
    ],
    ['snapshots web-01', { kind: 'snapshots', vps: 'web-01' }],
    ['restore web-01', { kind: 'restore', vps: 'web-01', snapshot: null }],
    ['restore web-01 before-upgrade', { kind: 'restore', vps: 'web-01', snapshot: 'before-upgrade' }],
    ['restore-from web-02', { kind: 'restore-from', vps: 'web-02', source: null }],
    [
      'restore-from web-02 web-01 bkp_123',
      { kind: 'restore-from', vps: 'web-02', source: { vps: 'web-01', backupId: 'bkp_123' } },
    ],
    ['jobs', { kind: 'jobs' }],
    ['job job_01hx2k', { kind: 'job', jobId: 'job_01hx2k' }],
    ['audit', { kind: 'audit', vps: null }],
    ['audit web-01', { kind: 'audit', vps: 'web-01' }],
    ['audit export', { kind: 'audit-export', days: 30 }],
    ['audit EXPORT 7', { kind: 'audit-export', days: 7 }],
    ['requests', { kind: 'requests' }],
    ['help audit export', { kind: 'help', topic: 'audit export' }],
    ['appservers', { kind: 'appservers', filter: null }],
    ['appservers citrix pool', { kind: 'appservers', filter: 'citrix pool' }],
    ['appserver reboot app-01', { kind: 'appserver-reboot', servers: ['app-01'], hard: false }],
    [
      'AppServer REBOOT app-01 app-02 app-01 --hard',
      { kind: 'appserver-reboot', servers: ['app-01', 'app-02'], hard: true },
    ],
  ];

  it.each(cases)('parses %j', (text, expected) => {
    expect(parsed(text)).toEqual(expected);
  });
});

describe('parseCommand explains every mistake', () => {
  const cases: [string, RegExp, string | undefined][] = [
    ['rstart web-01', /don't know the command “rstart”.*`start` or `restart`.*\/vps help/, undefined],
    ['lst', /Did you mean `list`\?/, undefined],
    ['zzzzqqq', /^I don't know the command “zzzzqqq”\. Type `\/vps help`/, undefined],
    ['reboot web-01', /`\/vps restart <vps>`.*`\/vps reset <vps>`/, undefined],
    ['poweroff web-01', /shutdown.*stop/, undefined],
    ['--force restart web-01', /Start with a command/, undefined],
    ['show', /Which VPS\?/, '/vps show <vps>'],
    ['restart', /Which VPS\?/, '/vps restart <vps> [--force]'],
    ['snapshots', /Which VPS\?/, '/vps snapshots <vps>'],
    ['restore', /Which VPS\?/, '/vps restore <vps> [snapshot]'],
    ['restore-from', /whose disk gets replaced/, '/vps restore-from <vps> [<source-vps> <backup-id>]'],
    ['hostname', /Which VPS, and what/, '/vps hostname <vps> <fqdn>'],
    ['hostname web-01', /What should the new hostname be/, '/vps hostname <vps> <fqdn>'],
    ['job', /Which job\?/, '/vps job <job-id>'],
    ['appserver', /Which app servers/, '/vps appserver reboot <server…> [--hard]'],
    ['appserver reboot', /Which app servers/, '/vps appserver reboot <server…> [--hard]'],
    [
      'appserver restart app-01',
      /“appserver restart” is not a command/,
      '/vps appserver reboot <server…> [--hard]',
    ],
    [
      'show web-01 web-02',
      /Too many words for `\/vps show`: “web-02” was not expected.*quotes/,
      '/vps show <vps>',
    ],
    ['show my big server', /“big” and “server” were not expected/, '/vps show <vps>'],
    ['start a b c d e f', /“b”, “c” and “d” \(and 2 more\)/, '/vps start <vps>'],
    ['jobs extra', /Too many words for `\/vps jobs`/, '/vps jobs'],
    ['job a b', /Too many words/, '/vps job <job-id>'],
    ['audit a b', /Too many words/, '/vps audit [vps]'],
    ['audit export 0', /“0” is not a number of days: give 1 to 366/, '/vps audit export [days]'],
    ['audit export 400', /is not a number of days/, '/vps audit export [days]'],
    ['audit export week', /“week” is not a number of days/, '/vps audit export [days]'],
    ['audit export 7 8', /Too many words/, '/vps audit export [days]'],
    ['requests mine', /Too many words/, '/vps requests'],
    ['hostname a b.example c', /Too many words/, '/vps hostname <vps> <fqdn>'],
    ['restore a b c', /Too many words/, '/vps restore <vps> [snapshot]'],
    ['restore-from a b c d', /Too many words/, '/vps restore-from <vps> [<source-vps> <backup-id>]'],
    ['restore-from web-02 web-01', /both the source VPS and the backup id, or neither/, undefined],
    ['help restar', /no command “restar” to explain.*`restart`/, '/vps help [command]'],
    ['help restart now', /Too many words/, '/vps help [command]'],
    ['stop web-01 --force', /`--force` only goes with restart.*stop takes no options/, '/vps stop <vps>'],
    ['reset web-01 --force', /`--force` only goes with restart/, '/vps reset <vps>'],
    ['restart web-01 --hard', /`--hard` only goes with `\/vps appserver reboot/, undefined],
    [
      'restart web-01 --now',
      /“--now” is not an option of `\/vps restart`\. It accepts --force and --break-glass\./,
      undefined,
    ],
    [
      'list --all --json',
      /“--all” and “--json” are not options of `\/vps list`\. It takes no options\./,
      undefined,
    ],
    ['appserver reboot a --force', /“--force” is not an option.*accepts --hard/, undefined],
    [
      'hostname web-01 web_01.example.com',
      /Label 1 of the hostname \(“web_01”\) contains an underscore/,
      undefined,
    ],
    ['hostname web-01 -web.example.com', /starts with a hyphen/, undefined],
    ['job ../../admin', /is not a job id/, '/vps job <job-id>'],
    ['show ""', /Empty quotes/, '/vps show <vps>'],
    ['show "my server', /quote \("\) is not closed/, undefined],
    ['show web\u0007-01', /control character \(U\+0007\)/, undefined],
  ];

  it.each(cases)('refuses %j', (text, pattern, usage) => {
    const result = refused(text);
    expect(result.error).toMatch(pattern);
    if (usage !== undefined) expect(result.usage).toBe(usage);
  });

  it('refuses text over the length limit and says what the limit is', () => {
    const result = refused(`show ${'a'.repeat(maxCommandLength)}`);
    expect(result.error).toBe(
      `That command is ${maxCommandLength + 5} characters long; /vps accepts at most ${maxCommandLength}.`,
    );
  });

  it('accepts text right at the length limit', () => {
    const name = 'a'.repeat(maxCommandLength - 'show '.length);
    expect(parsed(`show ${name}`)).toEqual({ kind: 'show', vps: name });
  });

  it('cuts long echoed words short so messages stay readable', () => {
    const result = refused(`${'x'.repeat(500)}`);
    expect(result.error.length).toBeLessThan(200);
    expect(result.error).toContain('…');
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'treats the object-property name %j as an unknown command',
    (word) => {
      expect(refused(`${word} web-01`).error).toMatch(new RegExp(`^I don't know the command “${word}”`));
      expect(refused(`help ${word}`).error).toMatch(/^There is no command/);
    },
  );

  it('does not treat "reboot" as an alias of either restart or reset', () => {
    expect(parseCommand('reboot web-01').ok).toBe(false);
  });
});

describe('break-glass and the policy preview', () => {
  it('takes --break-glass with its reason on acting commands, quoted or after =', () => {
    expect(parseCommand('restart db-01 --break-glass "primary is down"')).toEqual({
      ok: true,
      command: {
        kind: 'power',
        action: 'restart',
        vps: 'db-01',
        force: false,
        breakGlass: 'primary is down',
      },
    });
    expect(parseCommand('reset db-01 --break-glass=outage')).toMatchObject({
      ok: true,
      command: { breakGlass: 'outage' },
    });
    expect(parseCommand('restore web-01 snap --break-glass "bad deploy"')).toMatchObject({
      ok: true,
      command: { kind: 'restore', snapshot: 'snap', breakGlass: 'bad deploy' },
    });
  });

  it('refuses --break-glass without a reason, and on commands that do not act', () => {
    expect(parseCommand('restart db-01 --break-glass')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/needs a reason/),
    });
    expect(parseCommand('restart db-01 --break-glass --force')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/needs a reason/),
    });
    expect(parseCommand('show db-01 --break-glass "x"')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not an option/),
    });
  });

  it('reads /vps policy <vps> [action] and suggests the closest action name', () => {
    expect(parseCommand('policy db-01')).toEqual({
      ok: true,
      command: { kind: 'policy', vps: 'db-01', action: null },
    });
    expect(parseCommand('policy db-01 Force-Restart')).toEqual({
      ok: true,
      command: { kind: 'policy', vps: 'db-01', action: 'force-restart' },
    });
    expect(parseCommand('policy db-01 rstart')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Did you mean `start` or `restart`\?/),
    });
  });
});
