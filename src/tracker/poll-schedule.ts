import { type EndBelief, endQuantile } from './end-belief.js';

/**
 * When to poll a HostUp job next: a pure function of what is known about the job, so the tracker,
 * its tests and the benchmark (bench/polling-efficiency.ts) all use the same schedule. The aim is
 * one poll just after the job ends, without many before it.
 *
 * The belief about the end (end-belief.ts) comes from how long the same action took lately (the
 * store's recent durations: their median and spread), cut to the window progress readings allow
 * (progress-memory.ts). Then, with `t` the time of this poll (ms since the operation started):
 *
 *   q       = the time by which the job has ended with probability `missChance`, given it had not at t
 *   spacing = max(nearMs, widthRatio · (90th − 10th percentile of the end, given not ended at t))
 *   next    = max(t, q) + spacing
 *
 * A poll at q + spacing sees an end that came before q (chance `missChance`) late, and one after q
 * within `spacing` — a job far from its end is left alone, one near it is polled every `nearMs`.
 * Where the belief is wide (no progress, little history) the spacing widens with it: catching a
 * 4-minute job of unknown length within 3 s would take dozens of polls. Past the progress window
 * or two spreads past the usual length (the job overran what it was expected to do) the interval
 * grows by `overdueRatio` of the overrun. Far jumps get ±`jitter`, so jobs started together do
 * not poll in lockstep.
 */
export interface PollScheduleOptions {
  /** The earliest first poll after the operation starts. */
  readonly firstMs: number;
  /** Never poll more often than this. */
  readonly minMs: number;
  /** Never wait longer than this between polls. */
  readonly maxMs: number;
  /** How late a poll should see the end: the spacing where the job is likely to end. */
  readonly nearMs: number;
  /** The accepted chance, per wait, that the job ends well before the poll that sees it. */
  readonly missChance: number;
  /** The spacing as a share of how wide the belief about the end still is. */
  readonly widthRatio: number;
  /** How fast the interval grows with the time past every estimate. */
  readonly overdueRatio: number;
  /** An action never seen before: a guess at its median length and a wide spread. */
  readonly coldMedianMs: number;
  readonly coldSigma: number;
  /** The narrowest spread assumed, however alike the recent durations were. */
  readonly minSigma: number;
  /** Relative spread of far jumps: 0.15 is ±15 %. */
  readonly jitter: number;
}

export const defaultPollSchedule: PollScheduleOptions = {
  firstMs: 1_000,
  minMs: 1_000,
  maxMs: 60_000,
  nearMs: 2_900,
  missChance: 0.01,
  widthRatio: 0.08,
  overdueRatio: 0.15,
  coldMedianMs: 30_000,
  coldSigma: 1,
  minSigma: 0.1,
  jitter: 0.15,
};

/** How long this kind of action took lately: the median and log-spread of its recent durations. */
export interface DurationPrior {
  readonly medianMs: number;
  readonly sigma: number;
}

export interface PollScheduleInput {
  /** Time since the operation started, now. */
  readonly elapsedMs: number;
  /** How long the action takes (null: never seen; the cold guess is used). */
  readonly prior: DurationPrior | null;
  /** When the job's own clock started, relative to the operation's start (0 when not known). */
  readonly jobStartMs?: number;
  /** Where progress readings put the end, relative to the operation's start. */
  readonly window?: { readonly lowMs: number; readonly highMs: number } | null;
  /** Returns [0, 1): Math.random in production, a fixed or seeded function in tests. */
  readonly random: () => number;
  readonly options?: Partial<PollScheduleOptions>;
}

/** The belief about the end that the schedule works from. */
export function beliefOf(input: Omit<PollScheduleInput, 'random'>): EndBelief {
  const o = { ...defaultPollSchedule, ...input.options };
  const prior = input.prior;
  return {
    offsetMs: Math.max(0, input.jobStartMs ?? 0),
    medianMs: Math.max(1, prior?.medianMs ?? o.coldMedianMs),
    sigma: prior ? Math.max(o.minSigma, prior.sigma) : o.coldSigma,
    lowMs: input.window?.lowMs ?? 0,
    highMs: input.window?.highMs ?? Number.POSITIVE_INFINITY,
  };
}

/** When, after `elapsedMs`, to look next (ms since the operation started), before clamping and jitter. */
function plannedAt(input: Omit<PollScheduleInput, 'random'>): number {
  const o = { ...defaultPollSchedule, ...input.options };
  const t = Math.max(0, input.elapsedMs);
  const belief = beliefOf(input);
  // Past the window progress allows, or two spreads past the usual length, the job has overrun
  // what it was expected to do: back off with the overrun rather than keep polling every few
  // seconds a job that may be stuck.
  const overrun = Math.min(belief.highMs, belief.offsetMs + belief.medianMs * Math.exp(2 * belief.sigma));
  const soon = t < overrun ? endQuantile(belief, t, o.missChance) : null;
  if (soon === null) return t + Math.max(o.nearMs, o.overdueRatio * Math.max(0, t - overrun));
  const p10 = endQuantile(belief, t, 0.1) ?? soon;
  const p90 = endQuantile(belief, t, 0.9) ?? soon;
  const spacing = Math.max(o.nearMs, o.widthRatio * (p90 - p10));
  return Math.max(t, soon) + spacing;
}

/** The delay before the next poll of a job that has not ended, just after a poll at `elapsedMs`. */
export function nextPollDelay(input: PollScheduleInput): number {
  const o = { ...defaultPollSchedule, ...input.options };
  const t = Math.max(0, input.elapsedMs);
  const wait = plannedAt(input) - t;
  return Math.round(Math.min(o.maxMs, Math.max(o.minMs, jittered(wait, o, input.random))));
}

/**
 * The first poll of an operation never read yet, as ms since its start: when the plan says, but
 * not before `firstMs` nor later than `maxMs`. The services ask for a first poll a second after
 * the call; looking before the job can plausibly have ended only costs a request.
 */
export function firstPollAt(input: PollScheduleInput): number {
  const o = { ...defaultPollSchedule, ...input.options };
  const planned = plannedAt({ ...input, elapsedMs: 0 });
  return Math.round(Math.min(o.maxMs, Math.max(o.firstMs, jittered(planned, o, input.random))));
}

/** ±jitter on the part of a wait beyond `nearMs` (the spacing near the end stays as it is). */
function jittered(wait: number, o: PollScheduleOptions, random: () => number): number {
  const far = Math.max(0, wait - o.nearMs);
  return wait - far + far * (1 + o.jitter * (2 * random() - 1));
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
