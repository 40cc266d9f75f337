import { z } from 'zod';
import { ConfigError } from '../../errors.js';
import { iamUrlFor, regionPattern, workspaceUrlFor } from './endpoints.js';

/**
 * How the bot signs in to Huawei: an IAM user (tokens fetched and renewed), a fixed token, or an
 * access key pair that signs every request (AK/SK, what most production accounts use).
 */
export type HuaweiAuth =
  | { readonly kind: 'iam'; readonly user: string; readonly password: string; readonly domain: string }
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'aksk'; readonly accessKey: string; readonly secretKey: string };

export interface HuaweiConfig {
  /** Null when both URLs were given explicitly. */
  readonly region: string | null;
  readonly projectId: string;
  /** Without a trailing slash. */
  readonly workspaceUrl: string;
  /** Null only with a fixed token or AK/SK and no region (IAM is then never called). */
  readonly iamUrl: string | null;
  readonly auth: HuaweiAuth;
}

/** Every variable the Huawei client reads, and whether its value is a secret (never printed). */
export const huaweiConfigVariables = {
  HUAWEI_REGION: { secret: false },
  HUAWEI_PROJECT_ID: { secret: false },
  HUAWEI_WORKSPACE_URL: { secret: false },
  HUAWEI_IAM_URL: { secret: false },
  HUAWEI_IAM_USER: { secret: false },
  HUAWEI_IAM_PASSWORD: { secret: true },
  HUAWEI_IAM_DOMAIN: { secret: false },
  HUAWEI_AUTH_TOKEN: { secret: true },
  HUAWEI_ACCESS_KEY: { secret: false },
  HUAWEI_SECRET_KEY: { secret: true },
} as const;

type Env = Readonly<Record<string, string | undefined>>;

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const trimmed = z.preprocess(blank, z.string().trim().optional());
const httpUrl = (name: string) =>
  z.preprocess(
    blank,
    z
      .string()
      .trim()
      .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), `${name} must be an http(s) URL`)
      .optional(),
  );

const envSchema = z.object({
  HUAWEI_REGION: z.preprocess(
    blank,
    z
      .string()
      .trim()
      .refine((v) => regionPattern.test(v), 'HUAWEI_REGION must be a region id such as ap-southeast-1')
      .optional(),
  ),
  HUAWEI_PROJECT_ID: z.preprocess(
    blank,
    z
      .string({ error: 'HUAWEI_PROJECT_ID is required' })
      .trim()
      .refine(
        (v) => /^[0-9a-f]{32}$/i.test(v),
        'HUAWEI_PROJECT_ID must be the 32-character project id of the region (My Credentials → Projects)',
      ),
  ),
  HUAWEI_WORKSPACE_URL: httpUrl('HUAWEI_WORKSPACE_URL'),
  HUAWEI_IAM_URL: httpUrl('HUAWEI_IAM_URL'),
  HUAWEI_IAM_USER: trimmed,
  // Not trimmed: a password may start or end with a space.
  HUAWEI_IAM_PASSWORD: z.preprocess(blank, z.string().optional()),
  HUAWEI_IAM_DOMAIN: trimmed,
  HUAWEI_AUTH_TOKEN: trimmed,
  HUAWEI_ACCESS_KEY: trimmed,
  HUAWEI_SECRET_KEY: trimmed,
});

type Name = keyof typeof huaweiConfigVariables;

/** The three ways to sign in, each with every variable it needs. Exactly one must be set. */
const signInModes: readonly { kind: HuaweiAuth['kind']; label: string; names: readonly Name[] }[] = [
  { kind: 'aksk', label: 'AK/SK signing', names: ['HUAWEI_ACCESS_KEY', 'HUAWEI_SECRET_KEY'] },
  { kind: 'iam', label: 'IAM login', names: ['HUAWEI_IAM_USER', 'HUAWEI_IAM_PASSWORD', 'HUAWEI_IAM_DOMAIN'] },
  { kind: 'token', label: 'a fixed token', names: ['HUAWEI_AUTH_TOKEN'] },
];

/**
 * Reads the Huawei settings from `env`: null when no HUAWEI_* variable is set (Huawei is then
 * off), the configuration when complete, and otherwise a ConfigError whose `problems` name every
 * bad or missing variable. Messages name variables and rules, never values.
 */
export function loadHuaweiConfig(env: Env): HuaweiConfig | null {
  const has = (name: string) => (env[name] ?? '').trim() !== '';
  if (!Object.keys(huaweiConfigVariables).some(has)) return null;

  const problems: string[] = [];
  const parsed = envSchema.safeParse(pick(env));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      problems.push(issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`);
    }
  }

  const chosen = signInModes.filter((mode) => mode.names.some(has));
  const listed = (names: readonly string[]) => names.join(', ');
  if (chosen.length === 0) {
    problems.push(
      'Set one way to sign in to Huawei: ' +
        signInModes.map((m) => `${listed(m.names)} (${m.label})`).join(', or '),
    );
  } else if (chosen.length > 1) {
    problems.push(
      `Set one way to sign in to Huawei, not ${chosen.length === 2 ? 'both' : 'all three'}: ` +
        chosen.map((m) => `${m.label} (${listed(m.names.filter(has))} set)`).join(' and '),
    );
  } else {
    const mode = chosen[0]!;
    const set = mode.names.filter(has);
    for (const name of mode.names.filter((n) => !has(n))) {
      problems.push(`${name} is required for ${mode.label} (with ${listed(set)})`);
    }
  }

  const needsIam = chosen.length === 1 && chosen[0]!.kind === 'iam';
  const needsRegion = !has('HUAWEI_WORKSPACE_URL') || (needsIam && !has('HUAWEI_IAM_URL'));
  if (needsRegion && !has('HUAWEI_REGION')) {
    problems.push(
      needsIam
        ? 'HUAWEI_REGION is required unless HUAWEI_WORKSPACE_URL and HUAWEI_IAM_URL are both set'
        : 'HUAWEI_REGION is required unless HUAWEI_WORKSPACE_URL is set',
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);

  const e = parsed.data;
  const region = e.HUAWEI_REGION ?? null;
  const workspaceUrl = e.HUAWEI_WORKSPACE_URL ?? workspaceUrlFor(region!);
  const iamUrl = e.HUAWEI_IAM_URL ?? (region === null ? null : iamUrlFor(region));
  return {
    region,
    projectId: e.HUAWEI_PROJECT_ID,
    workspaceUrl: workspaceUrl.replace(/\/+$/, ''),
    iamUrl: iamUrl?.replace(/\/+$/, '') ?? null,
    auth: authFrom(e, chosen[0]!.kind),
  };
}

function authFrom(e: z.output<typeof envSchema>, kind: HuaweiAuth['kind']): HuaweiAuth {
  switch (kind) {
    case 'aksk':
      return { kind, accessKey: e.HUAWEI_ACCESS_KEY!, secretKey: e.HUAWEI_SECRET_KEY! };
    case 'token':
      return { kind, token: e.HUAWEI_AUTH_TOKEN! };
    case 'iam':
      return {
        kind,
        user: e.HUAWEI_IAM_USER!,
        password: e.HUAWEI_IAM_PASSWORD!,
        domain: e.HUAWEI_IAM_DOMAIN!,
      };
  }
}

/** The secret values in a Huawei configuration, so the logger can scrub them wherever they appear. */
export function huaweiSecretsOf(config: HuaweiConfig | null): string[] {
  if (config === null) return [];
  const { auth } = config;
  return [auth.kind === 'iam' ? auth.password : auth.kind === 'token' ? auth.token : auth.secretKey];
}

function pick(env: Env): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of Object.keys(huaweiConfigVariables)) out[name] = env[name];
  return out;
}
