/**
 * When to poll a HostUp job next: a pure function of what is known about the job, so the tracker,
 * its tests and the benchmark (bench/polling-efficiency.ts) all use the same schedule.
 *
 * Formula (every time in ms, `t` = time since the operation started):
 *
 *   ramp(t)   = min(maxMs, firstMs + rampRatio · t)          quick at first, slower as time passes
 *   E         = estimated total duration (see estimateTotalMs), or none
 *   near(t)   = nearMs + approachRatio · |t − E|              quick close to the expected end, on
 *                                                             both sides of it (jobs end early or late)
 *   delay     = clamp(E known ? min(ramp(t), near(t)) : ramp(t), minMs, maxMs)
 *   result    = delay · (1 + jitter · (2·random() − 1))      ±jitter, so many bots (or many jobs started
 *                                                             together) do not poll in lockstep
 *
 * Polling at a fixed fraction of the distance to the expected end gives a geometric approach:
 * few polls while the end is far, dense polls where the job is likely to end. Past the estimate
 * the distance grows again, so a job that overruns is polled less and less often (up to maxMs).
 */

export interface PollScheduleOptions {
  /** The interval right after the operation starts. */
  readonly firstMs: number;
  /** Never poll more often than this. */
  readonly minMs: number;
  /** Never wait longer than this between polls. */
  readonly maxMs: number;
  /** How fast the interval grows with elapsed time while an end estimate exists (guards the start). */
  readonly rampRatio: number;
  /** How fast the interval grows with elapsed time when no end estimate exists. */
  readonly blindRampRatio: number;
  /** The interval right at the expected end. */
  readonly nearMs: number;
  /** How fast the interval grows with the distance to the expected end, before it. */
  readonly approachRatio: number;
  /** How fast it grows with the time past the expected end (an overrunning job). */
  readonly overdueRatio: number;
  /** Relative spread: 0.15 is ±15 %. */
  readonly jitter: number;
}

export const defaultPollSchedule: PollScheduleOptions = {
  firstMs: 1_000,
  minMs: 1_000,
  maxMs: 30_000,
  rampRatio: 0.8,
  blindRampRatio: 0.2,
  nearMs: 2_500,
  approachRatio: 0.25,
  overdueRatio: 0.05,
  jitter: 0.15,
};

export interface PollScheduleInput {
  /** Time since the operation started. */
  readonly elapsedMs: number;
  /** The job's last reported progress (0..100), if any. */
  readonly progress?: number | null;
  /** Elapsed time at which that progress value was reached (best guess); defaults to `elapsedMs`. */
  readonly progressAtMs?: number | null;
  /** Elapsed time at which the job was first seen running; defaults to 0. */
  readonly runningSinceMs?: number | null;
  /** The typical duration of this action (the store's median of recent ones). */
  readonly expectedDurationMs?: number | null;
  /** Returns [0, 1): Math.random in production, a fixed or seeded function in tests. */
  readonly random: () => number;
  readonly options?: Partial<PollScheduleOptions>;
}

/**
 * The job's expected total duration (from the operation's start). Reported progress wins: it is
 * about this very job. The time spent running is extrapolated linearly from the progress reached
 * so far: total = runningSince + (progressAt − runningSince) · 100 / progress. Otherwise the
 * typical duration of the same action; null when neither is known.
 */
export function estimateTotalMs(input: Omit<PollScheduleInput, 'random' | 'options'>): number | null {
  const p = input.progress ?? null;
  if (p !== null && p > 0 && p < 100) {
    const since = Math.max(0, input.runningSinceMs ?? 0);
    const ran = (input.progressAtMs ?? input.elapsedMs) - since;
    if (ran > 0) return since + (ran * 100) / p;
  }
  const expected = input.expectedDurationMs ?? null;
  return expected !== null && expected > 0 ? expected : null;
}

/** The delay before the next poll of a job that has not ended (see the formula above). */
export function nextPollDelay(input: PollScheduleInput): number {
  const o = { ...defaultPollSchedule, ...input.options };
  const t = Math.max(0, input.elapsedMs);
  const end = estimateTotalMs(input);
  const ramp = o.firstMs + (end === null ? o.blindRampRatio : o.rampRatio) * t;
  const ratio = end !== null && t > end ? o.overdueRatio : o.approachRatio;
  const target = end === null ? ramp : Math.min(ramp, o.nearMs + ratio * Math.abs(t - end));
  const delay = Math.min(o.maxMs, Math.max(o.minMs, target));
  return Math.round(delay * (1 + o.jitter * (2 * input.random() - 1)));
}

export interface FailureBackoffOptions {
  readonly baseMs: number;
  readonly capMs: number;
  readonly jitter: number;
}

export const defaultFailureBackoff: FailureBackoffOptions = { baseMs: 1_000, capMs: 60_000, jitter: 0.15 };

/**
 * The delay before polling again after `consecutiveFailures` failed polls in a row (1 for the
 * first): baseMs · 2^(n−1), capped at capMs, ±jitter. A poll is a read, so it may always be retried;
 * the backoff only keeps a struggling API from being hammered.
 */
export function failureBackoffDelay(
  consecutiveFailures: number,
  random: () => number,
  options: Partial<FailureBackoffOptions> = {},
): number {
  const o = { ...defaultFailureBackoff, ...options };
  const exponent = Math.min(30, Math.max(0, consecutiveFailures - 1));
  const delay = Math.min(o.capMs, o.baseMs * 2 ** exponent);
  return Math.round(delay * (1 + o.jitter * (2 * random() - 1)));
}
