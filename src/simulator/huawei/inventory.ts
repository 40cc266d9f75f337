import { demoAppServers, generatedAppServers } from './demo-inventory.js';
import type { SimAppServer, SimAppServerSeed } from './types.js';

/** The list route's filters: names, machine names and IPs match partially, ids exactly. */
export interface ServerFilter {
  serverName?: string | null;
  machineName?: string | null;
  ipAddr?: string | null;
  serverGroupId?: string | null;
  serverId?: string | null;
}

function fromSeed(seed: SimAppServerSeed, index: number): SimAppServer {
  const id = seed.id ?? `6000000000${String(index + 1).padStart(8, '0')}`;
  return {
    id,
    name: seed.name,
    machineName: seed.machineName ?? `APS-${id.slice(-6)}`,
    serverGroupId: seed.serverGroupId ?? '489533790436196976',
    serverGroupName: seed.serverGroupName ?? 'office-apps',
    status: seed.status ?? 'REGISTERED',
    vmStatus: seed.vmStatus === undefined ? 'ACTIVE' : seed.vmStatus,
    taskStatus: seed.taskStatus ?? null,
    maintainStatus: seed.maintainStatus ?? false,
    sessionCount: seed.sessionCount ?? 0,
    jobStatus: null,
    ipAddr: seed.ipAddr ?? `10.1.0.${(index % 250) + 1}`,
    updateTime: new Date().toISOString(),
    reboots: [],
  };
}

export class Inventory {
  servers: SimAppServer[] = [];

  constructor(options: { servers?: SimAppServerSeed[]; count?: number }) {
    this.seed(
      options.servers ??
        (options.count === undefined ? demoAppServers() : generatedAppServers(options.count)),
    );
  }

  seed(seeds: SimAppServerSeed[]): void {
    this.servers = seeds.map(fromSeed);
  }

  get(id: string): SimAppServer | undefined {
    return this.servers.find((s) => s.id === id);
  }

  findByName(name: string): SimAppServer | undefined {
    return this.servers.find((s) => s.name === name);
  }

  list(filter: ServerFilter): SimAppServer[] {
    const has = (value: string, part: string | null | undefined) => !part || value.includes(part);
    return this.servers.filter(
      (s) =>
        has(s.name, filter.serverName) &&
        has(s.machineName, filter.machineName) &&
        has(s.ipAddr, filter.ipAddr) &&
        (!filter.serverGroupId || s.serverGroupId === filter.serverGroupId) &&
        (!filter.serverId || s.id === filter.serverId),
    );
  }
}

/** The documented AppServer fields (and a few more a real answer has), in Huawei's spelling. */
export function serializeServer(s: SimAppServer): Record<string, unknown> {
  return {
    id: s.id,
    name: s.name,
    machine_name: s.machineName,
    server_group_id: s.serverGroupId,
    server_group_name: s.serverGroupName,
    status: s.status,
    vm_status: s.vmStatus,
    task_status: s.taskStatus,
    maintain_status: s.maintainStatus,
    session_count: s.sessionCount,
    job_status: s.jobStatus,
    update_time: s.updateTime,
    host_address: [{ addr: s.ipAddr, version: 4 }],
    os_type: 'Windows',
    create_time: '2026-01-05T08:00:00.000Z',
  };
}
