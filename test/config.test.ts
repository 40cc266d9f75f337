import { describe, expect, it } from 'vitest';
import { loadConfig, secretsOf } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

const httpEnv = {
  HOSTUP_API_TOKEN: 'hostup-secret-token-123',
  SLACK_BOT_TOKEN: 'xoxb-bot-secret-1',
  SLACK_SIGNING_SECRET: 'signing-secret-abc',
};
const socketEnv = {
  HOSTUP_API_TOKEN: 'hostup-secret-token-123',
  SLACK_BOT_TOKEN: 'xoxb-bot-secret-1',
  SLACK_APP_TOKEN: 'xapp-app-secret-1',
};

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('applies the documented defaults to a minimal HTTP-mode environment', () => {
    const config = loadConfig(httpEnv);
    expect(config.hostup.apiUrl).toBe('https://cloud.hostup.se');
    expect(config.logLevel).toBe('info');
    expect(config.slack).toMatchObject({ mode: 'http', port: 3000, apiUrl: 'https://slack.com/api/' });
    expect(config.access).toEqual({
      operators: [],
      approvers: [],
      allowedChannels: [],
      approvalsRequired: 1,
      approvalTtlMinutes: 30,
      requireApproval: [],
      policyFile: null,
      safety: { safetyPoint: 'when_possible', graceSeconds: 30, canary: null },
    });
    expect(config.databaseUrl).toBe('./data/vps-chatops.db');
  });

  it('reads the safety keys of the one rule the variables make, and names a bad one', () => {
    const config = loadConfig({
      ...httpEnv,
      VPS_SAFETY_POINT: ' Required ',
      VPS_GRACE_SECONDS: '0',
      VPS_CANARY: 'false',
    });
    expect(config.access.safety).toEqual({ safetyPoint: 'required', graceSeconds: 0, canary: false });
    expect(() =>
      loadConfig({ ...httpEnv, VPS_SAFETY_POINT: 'always', VPS_GRACE_SECONDS: '-1', VPS_CANARY: 'yes' }),
    ).toThrow(
      /VPS_SAFETY_POINT must be one of required, when_possible, off[\s\S]*VPS_GRACE_SECONDS must be a whole number from 0 to 3600[\s\S]*VPS_CANARY must be one of true, false/,
    );
  });

  it('reads VPS_POLICY_FILE as a path, trimmed', () => {
    expect(loadConfig({ ...httpEnv, VPS_POLICY_FILE: ' /etc/vps/policy.yml ' }).access.policyFile).toBe(
      '/etc/vps/policy.yml',
    );
  });

  it('reads VPS_REQUIRE_APPROVAL, and no value can name the restores (they always need approval)', () => {
    const config = loadConfig({
      ...httpEnv,
      VPS_REQUIRE_APPROVAL: 'Reset, hostname stop,reset appserver-hard-reboot',
    });
    expect(config.access.requireApproval).toEqual(['reset', 'hostname', 'stop', 'appserver-hard-reboot']);
    for (const value of ['restore', 'restore-from', 'restart', 'none']) {
      expect(problemsOf({ ...httpEnv, VPS_REQUIRE_APPROVAL: value })).toEqual([
        'VPS_REQUIRE_APPROVAL must list actions from: reset, stop, hostname, appserver-hard-reboot (restores always need approval)',
      ]);
    }
  });

  it('chooses Socket Mode when an app token is set, and HTTP when SLACK_MODE forces it', () => {
    expect(loadConfig(socketEnv).slack.mode).toBe('socket');
    expect(
      loadConfig({ ...socketEnv, SLACK_SIGNING_SECRET: 's3cret-value', SLACK_MODE: 'http' }).slack.mode,
    ).toBe('http');
  });

  it('reads overrides: URLs lose trailing slashes, the Slack API URL gains /api/, lists are split', () => {
    const config = loadConfig({
      ...httpEnv,
      HOSTUP_API_URL: 'http://127.0.0.1:4010/',
      SLACK_API_URL: 'http://127.0.0.1:5000',
      PORT: '8080',
      LOG_LEVEL: 'DEBUG',
      VPS_OPERATORS: 'U01AAA, S02GROUP',
      VPS_ALLOWED_CHANNELS: 'C01OPS,C02DEV',
    });
    expect(config.hostup.apiUrl).toBe('http://127.0.0.1:4010');
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:5000/api/');
    expect(config.slack).toMatchObject({ port: 8080 });
    expect(config.logLevel).toBe('debug');
    expect(config.access.operators).toEqual(['U01AAA', 'S02GROUP']);
    expect(config.access.allowedChannels).toEqual(['C01OPS', 'C02DEV']);
  });

  it.each([
    ['a missing HostUp token', { HOSTUP_API_TOKEN: undefined }, 'HOSTUP_API_TOKEN is required'],
    ['a missing bot token', { SLACK_BOT_TOKEN: '' }, 'SLACK_BOT_TOKEN is required'],
    [
      'a user token instead of a bot token',
      { SLACK_BOT_TOKEN: 'xoxp-123' },
      'SLACK_BOT_TOKEN must be a bot token',
    ],
    ['a bad app token', { SLACK_APP_TOKEN: 'xoxb-nope' }, 'SLACK_APP_TOKEN must be an app-level token'],
    [
      'a HostUp URL that is not a URL',
      { HOSTUP_API_URL: 'cloud.hostup' },
      'HOSTUP_API_URL must be an http(s) URL',
    ],
    ['a bad log level', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    ['a port out of range', { PORT: '70000' }, 'PORT must be a whole number from 0 to 65535'],
    ['an unknown Slack mode', { SLACK_MODE: 'webhook' }, 'SLACK_MODE must be socket or http'],
    [
      'operators that are not Slack ids',
      { VPS_OPERATORS: 'alice' },
      'VPS_OPERATORS must list Slack user ids',
    ],
    [
      'channels given by name',
      { VPS_ALLOWED_CHANNELS: '#ops' },
      'VPS_ALLOWED_CHANNELS must list Slack channel ids',
    ],
    [
      'zero approvals',
      { VPS_APPROVALS_REQUIRED: '0' },
      'VPS_APPROVALS_REQUIRED must be a whole number from 1 to 5',
    ],
    [
      'an approval TTL that is not a number',
      { APPROVAL_TTL_MINUTES: 'soon' },
      'APPROVAL_TTL_MINUTES must be',
    ],
    [
      'Socket Mode forced without an app token',
      { SLACK_MODE: 'socket' },
      'SLACK_APP_TOKEN is required when SLACK_MODE=socket',
    ],
  ])('reports %s by name', (_name, override, expected) => {
    const problems = problemsOf({ ...httpEnv, ...override });
    expect(problems.some((p) => p.includes(expected))).toBe(true);
  });

  it('reports a missing way to reach Slack when neither an app token nor a signing secret is set', () => {
    const problems = problemsOf({ HOSTUP_API_TOKEN: 'x', SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(problems).toEqual([
      'Set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode): neither is set',
    ]);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({ SLACK_MODE: 'http', PORT: 'abc', LOG_LEVEL: 'loud', VPS_OPERATORS: 'bob' });
    const names = [
      'HOSTUP_API_TOKEN',
      'SLACK_BOT_TOKEN',
      'PORT',
      'LOG_LEVEL',
      'VPS_OPERATORS',
      'SLACK_SIGNING_SECRET',
    ];
    for (const name of names)
      expect(
        problems.some((p) => p.includes(name)),
        name,
      ).toBe(true);
    expect(problems).toHaveLength(names.length);
  });

  it('never prints a secret value in its error', () => {
    const env = {
      ...httpEnv,
      SLACK_BOT_TOKEN: 'not-a-bot-token-SECRET',
      SLACK_APP_TOKEN: 'wrong-app-SECRET',
    };
    let message = '';
    try {
      loadConfig(env);
    } catch (error) {
      message = `${(error as Error).message} ${JSON.stringify(error)}`;
    }
    expect(message).toContain('SLACK_BOT_TOKEN');
    expect(message).not.toContain('SECRET');
  });

  it('leaves Huawei off when nothing of it is set, and reports its problems with the others', () => {
    expect(loadConfig(httpEnv).huawei).toBeNull();
    const problems = problemsOf({ ...httpEnv, PORT: 'x', HUAWEI_REGION: 'ap-southeast-1' });
    expect(problems.some((p) => p.includes('PORT'))).toBe(true);
    expect(problems.some((p) => p.includes('HUAWEI_PROJECT_ID'))).toBe(true);
  });

  it('treats the password in a PostgreSQL URL as a secret', () => {
    const config = loadConfig({ ...httpEnv, DATABASE_URL: 'postgres://bot:p%40ss-w0rd@db:5432/bot' });
    expect(secretsOf(config)).toContain('p@ss-w0rd');
  });

  it('lists the secrets of a configuration for the logger to scrub', () => {
    expect(secretsOf(loadConfig(httpEnv)).sort()).toEqual(
      ['hostup-secret-token-123', 'signing-secret-abc', 'xoxb-bot-secret-1'].sort(),
    );
  });
});
