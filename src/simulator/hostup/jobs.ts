import { randomBytes } from 'node:crypto';
import type { PowerState } from '../../domain/vps.js';
import type { Sequence } from './call-log.js';
import type { Inventory } from './inventory.js';
import { jobEffects } from './job-effects.js';
import type { TimerSet } from './timers.js';
import type { SimJob, SimJobAction, SimJobTiming, SimVps } from './types.js';

interface FailureSpec {
  action: string | undefined;
  code: string;
  detail: string;
}

const terminal = new Set(['completed', 'failed']);

/** What a route hands a new job: the result it completes with, and what completing it changes. */
export interface JobOptions {
  /** Default `{powerState}` as it ends. */
  result?: unknown;
  /**
   * Runs once when the job completes (not when it fails), e.g. to add the snapshot taken; what it
   * returns, when not undefined, is the job's result.
   */
  onComplete?: (vps: SimVps) => unknown;
}

/**
 * Jobs on real timers: queued at once, in_progress after `queuedMs`, progress rising in
 * `progressSteps` steps over `runningMs`, then completed (power state changed) or failed
 * (power state put back as it was).
 */
export class JobEngine {
  readonly jobs: SimJob[] = [];
  readonly #inventory: Inventory;
  readonly #timers: TimerSet;
  readonly #sequence: Sequence;
  readonly #failures: FailureSpec[] = [];
  #timing: Required<SimJobTiming> = { queuedMs: 200, runningMs: 1000, progressSteps: 4 };
  #counter = 0;

  constructor(inventory: Inventory, timers: TimerSet, sequence: Sequence, timing?: SimJobTiming) {
    this.#inventory = inventory;
    this.#timers = timers;
    this.#sequence = sequence;
    if (timing) this.setTiming(timing);
  }

  get timing(): Required<SimJobTiming> {
    return { ...this.#timing };
  }

  setTiming(timing: SimJobTiming): void {
    this.#timing = {
      queuedMs: Math.max(0, timing.queuedMs ?? this.#timing.queuedMs),
      runningMs: Math.max(0, timing.runningMs ?? this.#timing.runningMs),
      progressSteps: Math.max(1, Math.floor(timing.progressSteps ?? this.#timing.progressSteps)),
    };
  }

  failNext(opts: { action?: string; code?: string; detail?: string } = {}): void {
    this.#failures.push({
      action: opts.action,
      code: opts.code ?? 'upstream_failed',
      detail: opts.detail ?? 'The host could not complete the operation (simulated failure)',
    });
  }

  get(id: string): SimJob | undefined {
    return this.jobs.find((j) => j.id === id);
  }

  isBusy(vpsId: string): boolean {
    return this.jobs.some((j) => j.vpsId === vpsId && !terminal.has(j.status));
  }

  pendingCount(vpsId: string): number {
    return this.jobs.filter((j) => j.vpsId === vpsId && !terminal.has(j.status)).length;
  }

  create(vps: SimVps, action: SimJobAction, options: JobOptions = {}): SimJob {
    this.#counter += 1;
    const id = `job_${Date.now().toString(36)}${String(this.#counter).padStart(4, '0')}${randomBytes(3).toString('hex')}`;
    const job: SimJob = {
      id,
      vpsId: vps.id,
      action,
      status: 'queued',
      progress: 0,
      progressMessage: 'Waiting in queue',
      pollUrl: `/api/jobs/${id}`,
      result: null,
      error: null,
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      finishedSeq: null,
    };
    this.jobs.push(job);
    const failIndex = this.#failures.findIndex((f) => f.action === undefined || f.action === action);
    const failure = failIndex >= 0 ? this.#failures.splice(failIndex, 1)[0] : undefined;
    const timing = this.#timing;
    this.#timers.after(timing.queuedMs, () => this.#run(job, timing, options, failure));
    return job;
  }

  #vps(job: SimJob): SimVps | undefined {
    return this.#inventory.get(job.vpsId);
  }

  #run(
    job: SimJob,
    timing: Required<SimJobTiming>,
    options: JobOptions,
    failure: FailureSpec | undefined,
  ): void {
    const effect = jobEffects[job.action];
    const before: PowerState | undefined = this.#vps(job)?.powerState;
    const stepMs = timing.runningMs / timing.progressSteps;
    job.status = 'in_progress';
    job.startedAt = new Date().toISOString();
    const step = (i: number): void => {
      const vps = this.#vps(job);
      if (i < timing.progressSteps) {
        job.progress = Math.round((100 * i) / timing.progressSteps);
        job.progressMessage = `${effect.verb} (${job.progress}%)`;
        const during = effect.during(i / timing.progressSteps);
        if (vps && during) vps.powerState = during;
        this.#timers.after(stepMs, () => step(i + 1));
        return;
      }
      job.finishedAt = new Date().toISOString();
      job.finishedSeq = this.#sequence.next();
      if (failure) {
        job.status = 'failed';
        job.error = { code: failure.code, detail: failure.detail };
        job.progressMessage = `${effect.verb} failed`;
        if (vps && before) vps.powerState = before;
        return;
      }
      job.status = 'completed';
      job.progress = 100;
      job.progressMessage = `${effect.verb} (100%)`;
      if (vps && effect.final) {
        vps.powerState = effect.final;
        if (effect.final === 'running') vps.bootedAt = Date.now();
      }
      const produced = vps ? options.onComplete?.(vps) : undefined;
      job.result = produced ?? options.result ?? { powerState: vps?.powerState ?? effect.final };
    };
    step(0);
  }
}
