import { FaultQueue } from '../shared/fault-queue.js';
import type { PlainHttpServer } from '../shared/http-server.js';
import { CallLog, Sequence } from './call-log.js';
import type { SimState } from './context.js';
import { handleControl } from './control.js';
import { HeldAnswers } from './held-answers.js';
import { Inventory } from './inventory.js';
import { JobEngine } from './jobs.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import { createHostUpHttpServer } from './server.js';
import { TimerSet } from './timers.js';
import type {
  HostUpSimulator,
  HostUpSimulatorOptions,
  SimEnvelope,
  SimFault,
  SimHeldCall,
  SimJob,
  SimJobTiming,
  SimRateLimit,
  SimRequest,
  SimVps,
  SimVpsPatch,
} from './types.js';

class Simulator implements HostUpSimulator {
  readonly token: string;
  readonly #sequence = new Sequence();
  readonly #log = new CallLog(this.#sequence);
  readonly #held = new HeldAnswers();
  readonly #timers = new TimerSet();
  readonly #faults = new FaultQueue<SimFault>();
  readonly #limiter: SlidingWindowLimiter;
  readonly #state: SimState;
  readonly #server: PlainHttpServer;
  #url = '';

  constructor(options: HostUpSimulatorOptions) {
    this.token = options.token ?? 'sim-token';
    const inventory = new Inventory(options);
    this.#limiter = new SlidingWindowLimiter(options.rateLimit ?? null);
    this.#state = {
      inventory,
      jobs: new JobEngine(inventory, this.#timers, this.#sequence, options.job),
      pageSizeDefault: Math.min(100, Math.max(1, options.pageSizeDefault ?? 20)),
      envelope: options.envelope ?? 'legacy',
    };
    this.#server = createHostUpHttpServer({
      token: this.token,
      state: this.#state,
      faults: this.#faults,
      limiter: this.#limiter,
      timers: this.#timers,
      log: this.#log,
      held: this.#held,
      control: (req) => handleControl(this, req),
    });
  }

  get url(): string {
    if (!this.#url) throw new Error('The HostUp simulator is not listening yet');
    return this.#url;
  }

  get requests(): readonly SimRequest[] {
    return this.#log.requests;
  }

  get calls(): readonly SimRequest[] {
    return this.#log.calls;
  }

  get held(): readonly SimHeldCall[] {
    return this.#held.list;
  }

  release(seq?: number): number {
    return this.#held.release(seq);
  }

  get jobs(): readonly SimJob[] {
    return this.#state.jobs.jobs;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.#url = await this.#server.listen(port, host);
    return this.#url;
  }

  async close(): Promise<void> {
    this.#timers.clearAll();
    await this.#server.close();
  }

  count(method: string, path: string | RegExp): number {
    const m = method.toUpperCase();
    return this.#log.requests.filter((r) => {
      if (r.method !== m) return false;
      if (typeof path !== 'string') return path.test(r.path);
      return r.path === path || r.path.split('?')[0] === path;
    }).length;
  }

  inject(fault: SimFault): void {
    this.#faults.add(fault);
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  failNextJob(opts?: { action?: string; code?: string; detail?: string }): void {
    this.#state.jobs.failNext(opts);
  }

  setJobTiming(job: SimJobTiming): void {
    this.#state.jobs.setTiming(job);
  }

  setEnvelope(envelope: SimEnvelope): void {
    this.#state.envelope = envelope;
  }

  setRateLimit(limit: SimRateLimit | null): void {
    this.#limiter.set(limit);
  }

  getVps(id: string): SimVps | undefined {
    return this.#state.inventory.get(id);
  }

  updateVps(id: string, patch: SimVpsPatch): boolean {
    const vps = this.#state.inventory.get(id);
    if (!vps) return false;
    if (patch.powerState !== undefined) vps.powerState = patch.powerState;
    if (patch.serviceStatus !== undefined) vps.serviceStatus = patch.serviceStatus;
    if (patch.snapshotLimit !== undefined) vps.snapshotLimit = Math.max(0, Math.floor(patch.snapshotLimit));
    return true;
  }

  findVpsByName(name: string): SimVps | undefined {
    return this.#state.inventory.findByName(name);
  }

  deleteSnapshot(vpsId: string, snapshotName: string): void {
    this.#state.inventory.deleteSnapshot(vpsId, snapshotName);
  }

  getJob(jobId: string): SimJob | undefined {
    return this.#state.jobs.get(jobId);
  }

  /** For `GET /_sim/state`. */
  snapshot(): unknown {
    return {
      vpses: this.#state.inventory.vpses,
      retainedSources: this.#state.inventory.retained,
      jobs: this.jobs,
      envelope: this.#state.envelope,
      jobTiming: this.#state.jobs.timing,
      rateLimit: this.#limiter.config,
      faults: this.#faults.pendingAsJson(),
      held: this.held,
    };
  }
}

/** A HostUp VPS API v2 stand-in for tests, benchmarks and the local playground. */
export function createHostUpSimulator(options: HostUpSimulatorOptions = {}): HostUpSimulator {
  return new Simulator(options);
}
