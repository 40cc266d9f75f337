import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { mapTransportError } from '../providers/transport-errors.js';

/** One row of the doctor's table. */
export interface CheckResult {
  readonly name: string;
  /** False fails the run (exit 1). A skipped check is ok: it does not apply to this setup. */
  readonly ok: boolean;
  readonly skipped?: boolean;
  /** What was found, in a sentence; never a secret. */
  readonly detail: string;
  /** What to do about it; empty when nothing is needed. */
  readonly fix: string;
}

export type CheckOutcome = Omit<CheckResult, 'name'>;

/** What every check is given: the loaded configuration and its limits, never process.env. */
export interface DoctorContext {
  readonly config: Config;
  readonly clock: Clock;
  /** Limit for each network call. */
  readonly timeoutMs: number;
  /** manifest.yml: the source of truth for the bot token's scopes. */
  readonly manifestPath: string;
}

/** A check of a real setup: run against the configured services, it reports instead of throwing. */
export interface DoctorCheck {
  readonly name: string;
  run(ctx: DoctorContext): Promise<CheckOutcome>;
}

export const passed = (detail: string, fix = ''): CheckOutcome => ({ ok: true, detail, fix });
export const failed = (detail: string, fix: string): CheckOutcome => ({ ok: false, detail, fix });
export const skipped = (detail: string): CheckOutcome => ({ ok: true, skipped: true, detail, fix: '' });

/** A failure below HTTP (or any other error) as one sentence: "connection refused", "no answer in 5 s". */
export function failureText(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  if (error instanceof AppError) return error.message;
  const mapped = mapTransportError('', error instanceof Error && error.cause ? error.cause : error, '');
  return mapped.message.replace(/^\s*:\s*/, '');
}
