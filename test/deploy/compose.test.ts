import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configVariables, loadConfig } from '../../src/config.js';

/*
 * `docker compose config` cannot run here (no Docker), so compose.yaml is parsed with the yaml
 * package and checked: the services, where each variable comes from, the healthchecks and the
 * start order. Interpolation (`${NAME:?message}`, `${NAME:-default}`) is applied the way compose
 * applies it, so the bots' resulting environment can be given to loadConfig.
 */
const root = join(import.meta.dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'compose.yaml'), 'utf8'));
const services = compose.services as Record<string, Record<string, unknown>>;
const bot = services.bot as {
  build: { context: string; target: string };
  deploy: { replicas: number };
  env_file: { path: string; required: boolean }[];
  environment: Record<string, string>;
  depends_on: Record<string, { condition: string }>;
  healthcheck: { test: string[]; start_period: string };
  stop_grace_period: string;
  ports?: unknown;
};
const postgres = services.postgres as {
  image: string;
  environment: Record<string, string>;
  healthcheck: { test: string[] };
  volumes: string[];
};

/** The `${…}` references in a value. */
const references = (value: string) => [...value.matchAll(/\$\{(\w+)(?::?[?-][^}]*)?\}/g)].map((m) => m[1]!);

/** Compose's interpolation with `vars` as the .env file; a `:?` reference to an unset name throws. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?:(:?[?-])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
    const set = vars[name];
    if (set !== undefined && set !== '') return set;
    if (op?.endsWith('?')) throw new Error(`${name}: ${arg}`);
    return op?.endsWith('-') ? (arg ?? '') : '';
  });
}

const secrets = new Set([
  ...Object.entries(configVariables)
    .filter(([, v]) => v.secret)
    .map(([name]) => name),
  'POSTGRES_PASSWORD',
]);

describe('compose.yaml', () => {
  it('runs PostgreSQL, two bot replicas from the runtime image, and the playground only under its profile', () => {
    expect(Object.keys(services).sort()).toEqual(['bot', 'playground', 'postgres']);
    expect(postgres.image).toMatch(/^postgres:\d+/);
    expect(postgres.volumes).toEqual(['pgdata:/var/lib/postgresql/data']);
    expect(bot.build).toEqual({ context: '.', target: 'runtime' });
    expect(bot.deploy.replicas).toBe(2);
    expect(bot.ports).toBeUndefined();
    expect(services.playground).toMatchObject({
      profiles: ['playground'],
      build: { context: '.', target: 'playground' },
      ports: ['127.0.0.1:3333:3333'],
    });
    for (const name of ['postgres', 'bot']) expect(services[name]).not.toHaveProperty('profiles');
  });

  it('starts the bots in Socket Mode on PostgreSQL once the database is healthy', () => {
    expect(bot.environment.SLACK_MODE).toBe('socket');
    expect(bot.environment.DATABASE_URL).toMatch(
      /^postgres:\/\/vps:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/vps$/,
    );
    expect(bot.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(postgres.healthcheck.test).toEqual(['CMD', 'pg_isready', '-U', 'vps', '-d', 'vps']);
    expect(bot.healthcheck.test).toEqual(['CMD', 'node', 'dist/healthcheck.js']);
    // The bot drains for up to 20 s after SIGTERM; compose must wait longer before SIGKILL.
    expect(Number.parseInt(bot.stop_grace_period, 10)).toBeGreaterThan(20);
  });

  it('takes every secret from .env or the shell, never from the file, and stops when one is missing', () => {
    for (const service of Object.values(services)) {
      const env = (service.environment ?? {}) as Record<string, string>;
      for (const [name, value] of Object.entries(env)) {
        if (secrets.has(name)) expect(value, name).toMatch(new RegExp(`^\\$\\{${name}:\\?[^}]+\\}$`));
      }
    }
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'HOSTUP_API_TOKEN']) {
      expect(references(bot.environment[name] ?? '')).toEqual([name]);
    }
    expect(bot.env_file).toEqual([{ path: '.env', required: false }]);
    expect(() => interpolate(bot.environment.SLACK_APP_TOKEN ?? '', {})).toThrow(/SLACK_APP_TOKEN/);
  });

  it('names only variables the bot reads, and documents every reference in .env.example', () => {
    for (const name of Object.keys(bot.environment)) expect(configVariables).toHaveProperty(name);
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    const referenced = new Set(
      Object.values(services).flatMap((s) =>
        Object.values((s.environment ?? {}) as Record<string, string>).flatMap(references),
      ),
    );
    expect([...referenced].sort()).toEqual([
      'HOSTUP_API_TOKEN',
      'POSTGRES_PASSWORD',
      'SLACK_APP_TOKEN',
      'SLACK_BOT_TOKEN',
    ]);
    for (const name of referenced) expect(example).toMatch(new RegExp(`^${name}=$`, 'm'));
  });

  it('gives the bots an environment that loadConfig accepts as Socket Mode on PostgreSQL', () => {
    const dotEnv = {
      SLACK_BOT_TOKEN: 'xoxb-compose-check',
      SLACK_APP_TOKEN: 'xapp-compose-check',
      HOSTUP_API_TOKEN: 'hostup-compose-check',
      POSTGRES_PASSWORD: 'pw-compose-check',
    };
    const env = Object.fromEntries(
      Object.entries(bot.environment).map(([name, value]) => [name, interpolate(String(value), dotEnv)]),
    );
    const config = loadConfig(env);
    expect(config.slack).toMatchObject({ mode: 'socket', appToken: 'xapp-compose-check', port: 3000 });
    expect(config.databaseUrl).toBe('postgres://vps:pw-compose-check@postgres:5432/vps');
    expect(interpolate(postgres.environment.POSTGRES_PASSWORD ?? '', dotEnv)).toBe('pw-compose-check');
  });
});
