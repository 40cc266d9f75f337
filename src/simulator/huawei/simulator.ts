import { TimerSet } from '../hostup/timers.js';
import { FaultQueue } from '../shared/fault-queue.js';
import type { PlainHttpServer } from '../shared/http-server.js';
import { handleControl } from './control.js';
import { Inventory } from './inventory.js';
import { RebootEngine } from './reboots.js';
import { createHuaweiHttpServer } from './server.js';
import type { SimState } from './state.js';
import { TokenStore } from './tokens.js';
import type {
  HuaweiSimulator,
  HuaweiSimulatorOptions,
  SimAppServer,
  SimAppServerSeed,
  SimFault,
  SimIamUser,
  SimRebootTiming,
  SimRequest,
} from './types.js';

export const defaultSimUser: SimIamUser = {
  name: 'chatops-bot',
  password: 'sim-password',
  domain: 'sim-account',
};
export const defaultSimProjectId = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';

class Simulator implements HuaweiSimulator {
  readonly projectId: string;
  readonly user: SimIamUser;
  readonly #requests: SimRequest[] = [];
  readonly #timers = new TimerSet();
  readonly #faults = new FaultQueue<SimFault>();
  readonly #state: SimState;
  readonly #server: PlainHttpServer;
  #url = '';

  constructor(options: HuaweiSimulatorOptions) {
    this.projectId = options.projectId ?? defaultSimProjectId;
    const users = options.users?.length ? options.users : [defaultSimUser];
    this.user = users[0]!;
    const fixed = (options.fixedTokens ?? []).map((token) => ({ token, projectId: this.projectId }));
    this.#state = {
      projectId: this.projectId,
      users,
      tokens: new TokenStore(options.tokenTtlMs ?? 24 * 3_600_000, fixed),
      accessKeys: new Map((options.accessKeys ?? []).map((k) => [k.accessKey, k.secretKey])),
      inventory: new Inventory(options),
      reboots: new RebootEngine(this.#timers, options.reboot),
      pageSizeDefault: Math.min(100, Math.max(1, options.pageSizeDefault ?? 10)),
    };
    this.#server = createHuaweiHttpServer({
      state: this.#state,
      faults: this.#faults,
      timers: this.#timers,
      requests: this.#requests,
      control: (req) => handleControl(this, req),
    });
  }

  get url(): string {
    if (!this.#url) throw new Error('The Huawei simulator is not listening yet');
    return this.#url;
  }

  get requests(): readonly SimRequest[] {
    return this.#requests;
  }

  get issuedTokens(): readonly string[] {
    return this.#state.tokens.issued;
  }

  get servers(): readonly SimAppServer[] {
    return this.#state.inventory.servers;
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
    return this.#requests.filter((r) => {
      if (r.method !== m) return false;
      return typeof path === 'string' ? r.path.split('?')[0] === path : path.test(r.path);
    }).length;
  }

  inject(fault: SimFault): void {
    this.#faults.add(fault);
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  expireTokens(): void {
    this.#state.tokens.expireAll();
  }

  setTokenTtl(ms: number): void {
    this.#state.tokens.setTtl(ms);
  }

  setRebootTiming(timing: SimRebootTiming): void {
    this.#state.reboots.setTiming(timing);
  }

  failNextReboot(serverId: string): void {
    this.#state.reboots.failNext(serverId);
  }

  seed(servers: SimAppServerSeed[]): void {
    this.#state.inventory.seed(servers);
  }

  getServer(id: string): SimAppServer | undefined {
    return this.#state.inventory.get(id);
  }

  findServerByName(name: string): SimAppServer | undefined {
    return this.#state.inventory.findByName(name);
  }

  /** For `GET /_sim/state`: no token and no password in it. */
  snapshot(): unknown {
    return {
      projectId: this.projectId,
      users: this.#state.users.map((u) => ({ name: u.name, domain: u.domain })),
      tokenTtlMs: this.#state.tokens.ttlMs,
      rebootTiming: this.#state.reboots.timing,
      servers: this.servers,
      faults: this.#faults.pendingAsJson(),
    };
  }
}

/** A Huawei Cloud Workspace (app servers) + IAM stand-in for tests, benchmarks and the playground. */
export function createHuaweiSimulator(options: HuaweiSimulatorOptions = {}): HuaweiSimulator {
  return new Simulator(options);
}
