import { type Clock, systemClock } from '../clock.js';
import { type Config, loadConfig, secretsOf } from '../config.js';
import { ConfigError } from '../errors.js';
import { type CheckOutcome, type CheckResult, type DoctorCheck, failed, passed } from './check.js';
import { doctorChecks } from './checks.js';
import { findManifest } from './manifest-scopes.js';

export interface DoctorOptions {
  readonly clock?: Clock;
  /** Limit for each network call (default 5 s); a whole check gets three times as long. */
  readonly timeoutMs?: number;
  readonly manifestPath?: string;
  /** Default: doctorChecks. */
  readonly checks?: readonly DoctorCheck[];
}

export interface DoctorReport {
  /** The configuration first, then one row per check (none when the configuration is invalid). */
  readonly results: readonly CheckResult[];
  /** True only when every check passed (or did not apply). */
  readonly ok: boolean;
}

/**
 * Checks a real setup from `env`: the configuration, then every check at once against the services
 * it names. Nothing here throws for a failing service; every detail is scrubbed of the
 * configuration's secrets before it is returned.
 */
export async function runDoctor(
  env: Readonly<Record<string, string | undefined>>,
  options: DoctorOptions = {},
): Promise<DoctorReport> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const row: CheckResult = {
      name: 'configuration',
      ...failed(
        error.problems.join('\n'),
        'Set the variables named above (README.md, "Configuration"); the other checks run once it is valid',
      ),
    };
    return { results: [row], ok: false };
  }
  const timeoutMs = options.timeoutMs ?? 5_000;
  const ctx = {
    config,
    clock: options.clock ?? systemClock,
    timeoutMs,
    manifestPath: options.manifestPath ?? findManifest(),
  };
  const checks = options.checks ?? doctorChecks;
  const outcomes = await Promise.all(checks.map((check) => guarded(check, ctx, timeoutMs * 3)));
  const scrub = scrubber(secretsOf(config));
  const results: CheckResult[] = [
    { name: 'configuration', ...passed(describe(config)) },
    ...checks.map((check, i) => {
      const outcome = outcomes[i]!;
      return { name: check.name, ...outcome, detail: scrub(outcome.detail), fix: scrub(outcome.fix) };
    }),
  ];
  return { results, ok: results.every((r) => r.ok) };
}

/** A check that throws or hangs is a failed row, not a crashed doctor. */
async function guarded(
  check: DoctorCheck,
  ctx: Parameters<DoctorCheck['run']>[0],
  limitMs: number,
): Promise<CheckOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(
      () =>
        resolve(
          failed(`no result within ${limitMs / 1000} s`, 'Check that this machine reaches the service'),
        ),
      limitMs,
    );
  });
  try {
    return await Promise.race([
      check
        .run(ctx)
        .catch((error: unknown) =>
          failed(
            `the check itself failed: ${error instanceof Error ? error.message : String(error)}`,
            'Report this',
          ),
        ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const huaweiMode = { iam: 'IAM login', token: 'a fixed token', aksk: 'AK/SK signing' } as const;

function describe(config: Config): string {
  const mode = config.slack.mode === 'socket' ? 'Socket Mode' : 'HTTP mode';
  const store = /^\s*postgres(ql)?:\/\//i.test(config.databaseUrl) ? 'PostgreSQL' : 'SQLite';
  const huawei = config.huawei === null ? 'Huawei off' : `Huawei with ${huaweiMode[config.huawei.auth.kind]}`;
  const count = (list: readonly string[], what: string, none: string) =>
    list.length === 0
      ? `no ${what}s (${none})`
      : `${list.length} ${what} entr${list.length === 1 ? 'y' : 'ies'}`;
  const { operators, approvers } = config.access;
  return (
    `every variable is valid: ${mode}, ${store} store, ${huawei}, ` +
    `${count(operators, 'operator', 'nobody may act')}, ${count(approvers, 'approver', 'nobody may approve')}`
  );
}

function scrubber(secrets: readonly string[]): (text: string) => string {
  const known = secrets.filter((s) => s.length >= 4);
  return (text) => known.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
