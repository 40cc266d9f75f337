import { gaussian } from './stats.js';

/** The tracked actions of benchmarks 2 and 4, as the bot's store names them. */
export type BenchAction = 'start' | 'restart' | 'reset' | 'shutdown' | 'restore';

/** One HostUp job to create, in real (unscaled) milliseconds. */
export interface PlannedJob {
  readonly index: number;
  readonly action: BenchAction;
  readonly queuedMs: number;
  readonly runningMs: number;
  readonly progressSteps: number;
}

/**
 * The job model, stated so it can be argued: typical lengths per action from seconds to minutes,
 * each job log-normal around it, after 0.3–3 s in HostUp's queue; progress in 4 or 10 steps.
 * The generated inventory has every 10th VPS stopped: those are started, the rest get the others.
 */
export const jobKinds: readonly {
  readonly action: BenchAction;
  readonly typicalMs: number;
  readonly sigma: number;
  readonly weight: number;
}[] = [
  { action: 'reset', typicalMs: 8_000, sigma: 0.3, weight: 0.2 },
  { action: 'shutdown', typicalMs: 20_000, sigma: 0.3, weight: 0.2 },
  { action: 'restart', typicalMs: 25_000, sigma: 0.3, weight: 0.35 },
  { action: 'restore', typicalMs: 120_000, sigma: 0.5, weight: 0.25 },
];
const startKind = { action: 'start' as const, typicalMs: 15_000, sigma: 0.3 };

export function kindOf(action: BenchAction) {
  return action === 'start' ? startKind : jobKinds.find((k) => k.action === action)!;
}

/** A running time for `action` drawn from the model. */
export function drawRunningMs(action: BenchAction, random: () => number): number {
  const kind = kindOf(action);
  return kind.typicalMs * Math.exp(kind.sigma * gaussian(random));
}

/** `count` jobs for web-001 … (index i is the VPS `web-${i+1}`); `stopped(i)` VPSes are started. */
export function planJobs(count: number, random: () => number, stopped: (i: number) => boolean): PlannedJob[] {
  return Array.from({ length: count }, (_, index) => {
    let action: BenchAction = 'start';
    if (!stopped(index)) {
      const r = random();
      let cumulative = 0;
      action = 'restart';
      for (const kind of jobKinds) {
        cumulative += kind.weight;
        if (r < cumulative) {
          action = kind.action;
          break;
        }
      }
    }
    return {
      index,
      action,
      queuedMs: 300 + random() * 2_700,
      runningMs: drawRunningMs(action, random),
      progressSteps: random() < 0.5 ? 4 : 10,
    };
  });
}
