import { z } from 'zod';
import {
  blankToUndefined,
  channelList,
  choice,
  httpUrl,
  integer,
  optionalString,
  subjectList,
} from './config-fields.js';
import { type ApprovableAction, approvableActions } from './domain/approvals.js';
import type { RuleSafety } from './domain/policy/index.js';
import { ConfigError } from './errors.js';
import {
  type HuaweiConfig,
  huaweiConfigVariables,
  huaweiSecretsOf,
  loadHuaweiConfig,
} from './providers/huawei/config.js';

/**
 * The bot's whole configuration, read once from the environment. `loadConfig` reports every bad or
 * missing variable at once, by name, and never echoes a value (several are secrets).
 */
export interface Config {
  readonly logLevel: LogLevel;
  readonly hostup: { readonly apiUrl: string; readonly apiToken: string };
  readonly slack: SlackConfig;
  readonly access: {
    /** Raw subject lists (`U…` users, `S…` user groups), parsed by the policy. */
    readonly operators: readonly string[];
    readonly approvers: readonly string[];
    /** Empty means every channel. */
    readonly allowedChannels: readonly string[];
    readonly approvalsRequired: number;
    readonly approvalTtlMinutes: number;
    /** Actions that need approval besides the two restores, which always do (VPS_REQUIRE_APPROVAL). */
    readonly requireApproval: readonly ApprovableAction[];
    /** VPS_POLICY_FILE: when set, the policy file replaces the variables above (see domain/policy). */
    readonly policyFile: string | null;
    /** The safety keys of the one rule the variables make (VPS_SAFETY_POINT, VPS_GRACE_SECONDS, VPS_CANARY). */
    readonly safety: RuleSafety;
  };
  readonly databaseUrl: string;
  readonly followLimitMinutes: number;
  /**
   * How long a worker owns an operation or an outbox message it claimed. A crashed process's work
   * is taken over when its leases end, so this bounds how long a crash delays updates.
   */
  readonly leaseSeconds: number;
  /** Huawei Cloud Workspace app servers; null when not set up (the commands then say how). */
  readonly huawei: HuaweiConfig | null;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** `port`: Slack's endpoint and the ops routes in HTTP mode; only /healthz, /readyz and /metrics in Socket Mode. */
export type SlackConfig = {
  readonly botToken: string;
  /** Web API base URL ending in `/api/`; Slack's own unless overridden (tests, the playground). */
  readonly apiUrl: string;
} & (
  | { readonly mode: 'socket'; readonly appToken: string; readonly port: number }
  | { readonly mode: 'http'; readonly signingSecret: string; readonly port: number }
);

/** Every variable the bot reads, and whether its value is a secret (never printed). */
export const configVariables = {
  HOSTUP_API_URL: { secret: false },
  HOSTUP_API_TOKEN: { secret: true },
  LOG_LEVEL: { secret: false },
  SLACK_BOT_TOKEN: { secret: true },
  SLACK_APP_TOKEN: { secret: true },
  SLACK_SIGNING_SECRET: { secret: true },
  SLACK_MODE: { secret: false },
  SLACK_API_URL: { secret: false },
  PORT: { secret: false },
  VPS_OPERATORS: { secret: false },
  VPS_APPROVERS: { secret: false },
  VPS_ALLOWED_CHANNELS: { secret: false },
  VPS_APPROVALS_REQUIRED: { secret: false },
  APPROVAL_TTL_MINUTES: { secret: false },
  VPS_REQUIRE_APPROVAL: { secret: false },
  VPS_POLICY_FILE: { secret: false },
  VPS_SAFETY_POINT: { secret: false },
  VPS_GRACE_SECONDS: { secret: false },
  VPS_CANARY: { secret: false },
  DATABASE_URL: { secret: false },
  FOLLOW_LIMIT_MINUTES: { secret: false },
  LEASE_SECONDS: { secret: false },
  ...huaweiConfigVariables,
} as const;

const envSchema = z.object({
  HOSTUP_API_URL: httpUrl('HOSTUP_API_URL'),
  HOSTUP_API_TOKEN: z.preprocess(blankToUndefined, z.string({ error: 'HOSTUP_API_TOKEN is required' })),
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === 'string' ? blankToUndefined(v.toLowerCase()) : v),
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .optional(),
  ),
  SLACK_BOT_TOKEN: z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'SLACK_BOT_TOKEN is required' })
      .refine((v) => v.startsWith('xoxb-'), 'SLACK_BOT_TOKEN must be a bot token (it starts with xoxb-)'),
  ),
  SLACK_APP_TOKEN: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine(
        (v) => v.startsWith('xapp-'),
        'SLACK_APP_TOKEN must be an app-level token (it starts with xapp-)',
      )
      .optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_MODE: z.preprocess(
    (v) => (typeof v === 'string' ? blankToUndefined(v.toLowerCase()) : v),
    z.enum(['socket', 'http'], { error: 'SLACK_MODE must be socket or http' }).optional(),
  ),
  SLACK_API_URL: httpUrl('SLACK_API_URL'),
  PORT: integer('PORT', 0, 65535),
  VPS_OPERATORS: subjectList('VPS_OPERATORS'),
  VPS_APPROVERS: subjectList('VPS_APPROVERS'),
  VPS_ALLOWED_CHANNELS: channelList,
  VPS_APPROVALS_REQUIRED: integer('VPS_APPROVALS_REQUIRED', 1, 5),
  APPROVAL_TTL_MINUTES: integer('APPROVAL_TTL_MINUTES', 1, 24 * 60),
  VPS_REQUIRE_APPROVAL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .transform((v) =>
        v
          .split(/[\s,]+/)
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean),
      )
      .refine((names) => names.every((n) => (approvableActions as readonly string[]).includes(n)), {
        message: `VPS_REQUIRE_APPROVAL must list actions from: ${approvableActions.join(', ')} (restores always need approval)`,
      })
      .transform((names) => [...new Set(names)] as ApprovableAction[])
      .optional(),
  ),
  VPS_POLICY_FILE: optionalString,
  VPS_SAFETY_POINT: choice('VPS_SAFETY_POINT', ['required', 'when_possible', 'off']),
  VPS_GRACE_SECONDS: integer('VPS_GRACE_SECONDS', 0, 3600),
  VPS_CANARY: choice('VPS_CANARY', ['true', 'false']),
  DATABASE_URL: optionalString,
  FOLLOW_LIMIT_MINUTES: integer('FOLLOW_LIMIT_MINUTES', 1, 7 * 24 * 60),
  LEASE_SECONDS: integer('LEASE_SECONDS', 2, 600),
});

/**
 * Reads the configuration from `env`. Throws one ConfigError listing every problem.
 * Messages name variables and rules, never values.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = envSchema.safeParse(pick(env));
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      problems.push(issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`);
    }
  }
  problems.push(...checkSlackMode(env));
  let huawei: HuaweiConfig | null = null;
  try {
    huawei = loadHuaweiConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);

  const e = parsed.data;
  const mode = e.SLACK_MODE ?? (e.SLACK_APP_TOKEN ? 'socket' : 'http');
  const apiUrl = withApiSuffix(e.SLACK_API_URL ?? 'https://slack.com/api/');
  const slack: SlackConfig =
    mode === 'socket'
      ? { mode, botToken: e.SLACK_BOT_TOKEN, apiUrl, appToken: e.SLACK_APP_TOKEN!, port: e.PORT ?? 3000 }
      : {
          mode,
          botToken: e.SLACK_BOT_TOKEN,
          apiUrl,
          signingSecret: e.SLACK_SIGNING_SECRET!,
          port: e.PORT ?? 3000,
        };
  return {
    logLevel: e.LOG_LEVEL ?? 'info',
    hostup: {
      apiUrl: (e.HOSTUP_API_URL ?? 'https://cloud.hostup.se').replace(/\/+$/, ''),
      apiToken: e.HOSTUP_API_TOKEN,
    },
    slack,
    access: {
      operators: e.VPS_OPERATORS ?? [],
      approvers: e.VPS_APPROVERS ?? [],
      allowedChannels: e.VPS_ALLOWED_CHANNELS ?? [],
      approvalsRequired: e.VPS_APPROVALS_REQUIRED ?? 1,
      approvalTtlMinutes: e.APPROVAL_TTL_MINUTES ?? 30,
      requireApproval: e.VPS_REQUIRE_APPROVAL ?? [],
      policyFile: e.VPS_POLICY_FILE ?? null,
      safety: {
        safetyPoint: e.VPS_SAFETY_POINT ?? 'when_possible',
        graceSeconds: e.VPS_GRACE_SECONDS ?? 30,
        canary: e.VPS_CANARY === undefined ? null : e.VPS_CANARY === 'true',
      },
    },
    databaseUrl: e.DATABASE_URL ?? './data/vps-chatops.db',
    followLimitMinutes: e.FOLLOW_LIMIT_MINUTES ?? 120,
    leaseSeconds: e.LEASE_SECONDS ?? 30,
    huawei,
  };
}

/** The secret values in a configuration, so the logger can scrub them wherever they appear. */
export function secretsOf(config: Config): string[] {
  const s = config.slack;
  return [
    config.hostup.apiToken,
    s.botToken,
    s.mode === 'socket' ? s.appToken : s.signingSecret,
    ...huaweiSecretsOf(config.huawei),
    ...databasePassword(config.databaseUrl),
  ];
}

function checkSlackMode(env: Readonly<Record<string, string | undefined>>): string[] {
  const has = (name: string) => (env[name] ?? '').trim() !== '';
  const forced = (env.SLACK_MODE ?? '').trim().toLowerCase();
  const mode = forced === 'socket' || forced === 'http' ? forced : has('SLACK_APP_TOKEN') ? 'socket' : 'http';
  if (forced !== '' && forced !== 'socket' && forced !== 'http') return [];
  if (mode === 'socket' && !has('SLACK_APP_TOKEN')) {
    return ['SLACK_APP_TOKEN is required when SLACK_MODE=socket'];
  }
  if (mode === 'http' && !has('SLACK_SIGNING_SECRET')) {
    return forced === 'http'
      ? ['SLACK_SIGNING_SECRET is required when SLACK_MODE=http']
      : ['Set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode): neither is set'];
  }
  return [];
}

function pick(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of Object.keys(configVariables)) out[name] = env[name];
  return out;
}

function withApiSuffix(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/api') ? `${trimmed}/` : `${trimmed}/api/`;
}

/** A PostgreSQL URL may carry a password: it is a secret like the tokens. */
function databasePassword(url: string): string[] {
  if (!/^postgres(ql)?:\/\//i.test(url) || !URL.canParse(url)) return [];
  const password = decodeURIComponent(new URL(url).password);
  return password ? [password] : [];
}
