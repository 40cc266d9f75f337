/**
 * What the tracker believes about when a job will end, as a distribution it can ask "by when has
 * it ended with probability q?". Pure math, no I/O; times are ms since the operation started.
 *
 * The end is `offsetMs + D`, D log-normal (median `medianMs`, log-spread `sigma`): how long this
 * kind of action took lately, counted from the job's own start when that is known (`offsetMs`).
 * Progress readings narrow it to [`lowMs`, `highMs`] (see progress-memory.ts): the belief is the
 * log-normal cut to that window.
 */
export interface EndBelief {
  readonly offsetMs: number;
  readonly medianMs: number;
  readonly sigma: number;
  readonly lowMs: number;
  readonly highMs: number;
}

/** Φ, the standard normal distribution function (Abramowitz & Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const a = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const c = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/** Φ⁻¹ for p in (0, 1) (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** P(end ≤ t) under the uncut log-normal. */
function cdf(belief: EndBelief, t: number): number {
  if (t <= belief.offsetMs) return 0;
  if (!Number.isFinite(t)) return 1;
  return normalCdf(Math.log((t - belief.offsetMs) / belief.medianMs) / belief.sigma);
}

/**
 * The time by which the job has ended with probability `q`, knowing it had not ended at `afterMs`
 * (and that it ends inside the belief's window). Null when the belief leaves (almost) no chance
 * of an end after `afterMs`: the job has outrun everything it was expected to do.
 */
export function endQuantile(belief: EndBelief, afterMs: number, q: number): number | null {
  const from = Math.max(afterMs, belief.lowMs);
  if (from >= belief.highMs) return null;
  const lo = cdf(belief, from);
  const hi = cdf(belief, belief.highMs);
  if (hi - lo < 1e-6) return null;
  const target = Math.min(1 - 1e-9, Math.max(1e-9, lo + q * (hi - lo)));
  return Math.min(
    belief.highMs,
    belief.offsetMs + belief.medianMs * Math.exp(belief.sigma * normalQuantile(target)),
  );
}

/** The median and log-spread of a set of durations; null for fewer than `min` usable ones. */
export function logNormalFit(
  durations: readonly number[],
  min = 3,
): { medianMs: number; sigma: number } | null {
  const logs = durations.filter((ms) => ms > 0).map(Math.log);
  if (logs.length < min) return null;
  const mean = logs.reduce((sum, x) => sum + x, 0) / logs.length;
  const variance = logs.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (logs.length - 1);
  const sorted = [...durations].filter((ms) => ms > 0).sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  const medianMs = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { medianMs, sigma: Math.sqrt(variance) };
}
