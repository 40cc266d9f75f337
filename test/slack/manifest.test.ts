import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commandCatalogue } from '../../src/domain/commands.js';
import { botScopes, slashCommand } from '../../src/slack/ids.js';

const root = join(import.meta.dirname, '..', '..');
const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8'));

/**
 * Slack's published manifest JSON Schema lives in ../shared/slack beside the repository (CI and the
 * developers' machines have it). On a user's machine it is absent, so the schema test skips there
 * and says so; everything else in this file still runs.
 */
const schemaPath = join(root, '..', 'shared', 'slack', 'manifest.schema.1.0.0.json');
const schemaAvailable = existsSync(schemaPath);

/** Which bot scope each Web API method the code calls needs (Slack's method docs). */
const scopeOfMethod: Record<string, string | null> = {
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'usergroups.users.list': 'usergroups:read',
  'users.info': 'users:read',
  'views.open': null,
  'views.update': null,
  'views.push': null,
  'views.publish': null,
  // The audit export: a direct message with the person, and the file in it (files.uploadV2).
  'conversations.open': 'im:write',
  'files.uploadV2': 'files:write',
  'auth.test': null,
  // Reading back its own messages after a crash; private channels need groups:history too.
  'conversations.history': 'channels:history',
  'conversations.replies': 'channels:history',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('manifest.yml', () => {
  it.skipIf(!schemaAvailable)(
    'validates against Slack’s published manifest schema (skipped without ../shared)',
    () => {
      const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
      // Slack's schema uses a non-standard "regex" keyword; strict mode would reject the schema itself.
      const ajv = new Ajv({ strict: false, allErrors: true });
      const validate = ajv.compile(schema);
      const valid = validate(manifest);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    },
  );

  it('declares the slash command the code listens to, within Slack’s limits', () => {
    const commands = manifest.features.slash_commands as {
      command: string;
      usage_hint: string;
      description: string;
    }[];
    expect(commands.map((c) => c.command)).toEqual([slashCommand]);
    const [command] = commands;
    expect(command!.command.length).toBeLessThanOrEqual(32);
    expect(command!.description.length).toBeLessThanOrEqual(2000);
    expect(command!.usage_hint.length).toBeLessThanOrEqual(1000);
  });

  it('hints only at commands the parser knows', () => {
    const [command] = manifest.features.slash_commands as { usage_hint: string }[];
    const verbs = command!.usage_hint.split('|').map((part) => part.trim().split(/\s+/)[0]);
    const known = new Set(commandCatalogue.map((c) => c.name.split(' ')[0]));
    expect(verbs.filter((v) => !known.has(v!))).toEqual([]);
  });

  it('asks for exactly the bot scopes the code declares', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...botScopes].sort());
  });

  it('declares a scope for every Web API method the code calls, and none it does not need', () => {
    const called = new Set<string>();
    for (const file of sourceFiles(join(root, 'src'))) {
      if (file.includes(`${join('src', 'simulator')}`)) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(/\bclient\.(\w+)\.(\w+(?:\.\w+)?)\(/g)) {
        called.add(`${m[1]}.${m[2]}`);
      }
    }
    const unknown = [...called].filter((method) => !(method in scopeOfMethod));
    expect(unknown, 'add the scope of each new Web API method to this test').toEqual([]);
    const needed = new Set(['commands', 'chat:write.public']);
    if (called.has('conversations.history') || called.has('conversations.replies'))
      needed.add('groups:history');
    for (const method of called) {
      const scope = scopeOfMethod[method];
      if (scope) needed.add(scope);
    }
    expect([...botScopes].sort()).toEqual([...needed].sort());
  });

  it('subscribes to the events the code listens to, with the Home tab on', () => {
    const listened = new Set<string>();
    for (const file of sourceFiles(join(root, 'src', 'slack'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bapp\.event\('(\w+)'/g)) listened.add(m[1]!);
    }
    expect([...listened]).toEqual(['app_home_opened']);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...listened].sort());
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('turns on interactivity and Socket Mode', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
