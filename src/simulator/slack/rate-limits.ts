/**
 * Slack's Web API rate limits, as the fake enforces them. Slack counts per method, per workspace,
 * per app, in tiers (Tier 2 ≈ 20/min, Tier 3 ≈ 50/min, Tier 4 ≈ 100/min, each "with short
 * bursts"); chat.postMessage has its own limit of about 1 message per second per channel plus a
 * workspace-wide ceiling of "several hundred per minute". Each rule is a token bucket: `burst`
 * calls at once, refilled at `perMinute`.
 */

/** What a bucket is counted per: the whole workspace, each channel (`channel`), or each user (`user_id`). */
export type LimitScope = 'workspace' | 'channel' | 'user';

export interface LimitRule {
  readonly per: LimitScope;
  readonly perMinute: number;
  readonly burst: number;
}

/**
 * The fake's `limits` option (and the body of `PUT /_sim/rate-limits`): `'off'`, or limits on
 * with `speed` (a run at 4× real time passes 4: every rate is multiplied by it, and "per second"
 * in the counters means a second of the run's time) and per-method overrides (`null` or `[]`
 * lifts a method's limit; a list replaces its rules).
 */
export type LimitsOption = 'off' | LimitSettings;

export interface LimitSettings {
  readonly speed?: number;
  readonly methods?: Readonly<Record<string, readonly LimitRule[] | null>>;
}

/** The settings in force, as `GET /_sim/rate-limits` shows them. */
export interface ResolvedLimits {
  readonly enabled: boolean;
  readonly speed: number;
  readonly methods: Readonly<Record<string, readonly LimitRule[]>>;
}

const workspace = (perMinute: number, burst: number): LimitRule => ({ per: 'workspace', perMinute, burst });
const tier2 = [workspace(20, 5)];
const tier3 = [workspace(50, 10)];
const tier4 = [workspace(100, 20)];

/** Slack's published tiers for every method the fake answers (apps.connections.open is left unlimited). */
export const defaultMethodLimits: Readonly<Record<string, readonly LimitRule[]>> = {
  'chat.postMessage': [
    { per: 'channel', perMinute: 60, burst: 4 },
    { per: 'workspace', perMinute: 300, burst: 30 },
  ],
  'chat.update': tier3,
  'chat.postEphemeral': tier4,
  'views.open': tier4,
  'views.push': tier4,
  'views.update': tier4,
  // App Home: Tier 4 per user.
  'views.publish': [{ per: 'user', perMinute: 100, burst: 20 }],
  'conversations.history': tier3,
  'conversations.replies': tier3,
  'usergroups.users.list': tier2,
  'users.info': tier4,
  'conversations.open': tier3,
  'files.getUploadURLExternal': tier4,
  'files.completeUploadExternal': tier3,
  'auth.test': tier4,
};

export function resolveLimits(option: LimitsOption | undefined): ResolvedLimits {
  if (option === 'off') return { enabled: false, speed: 1, methods: defaultMethodLimits };
  const methods: Record<string, readonly LimitRule[]> = { ...defaultMethodLimits };
  for (const [method, rules] of Object.entries(option?.methods ?? {})) methods[method] = rules ?? [];
  return { enabled: true, speed: option?.speed ?? 1, methods };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const scopes: readonly unknown[] = ['workspace', 'channel', 'user'];

/** Checks a `limits` value that came as JSON: the option, or a sentence saying what is wrong. */
export function parseLimitsOption(input: unknown): { option: LimitsOption } | { error: string } {
  const shape =
    'Body must be "off" or {speed?: number > 0, methods?: {<method>: [{per, perMinute, burst}] | null}}';
  if (input === 'off') return { option: 'off' };
  if (!isObject(input)) return { error: shape };
  if (input.speed !== undefined && !positive(input.speed)) {
    return { error: `${shape}: speed must be a number > 0` };
  }
  if (input.methods !== undefined && !isObject(input.methods)) {
    return { error: `${shape}: methods must be an object` };
  }
  for (const [method, rules] of Object.entries(input.methods ?? {})) {
    if (rules === null) continue;
    if (!Array.isArray(rules)) return { error: `${shape}: methods.${method} must be a list or null` };
    const valid = rules.every(
      (rule) =>
        isObject(rule) && scopes.includes(rule.per) && positive(rule.perMinute) && positive(rule.burst),
    );
    if (!valid) {
      return {
        error: `${shape}: each rule of methods.${method} needs per (workspace|channel|user), perMinute > 0 and burst > 0`,
      };
    }
  }
  return { option: input as LimitSettings };
}
