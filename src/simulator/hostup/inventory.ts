import { demoInventory, generatedInventory } from './demo-inventory.js';
import type { HostUpSimulatorOptions, SimRetainedSource, SimVps, SimVpsSeed } from './types.js';

const day = 86_400_000;

export function idForName(name: string): string {
  return `vps_${name.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
}

function fromSeed(seed: SimVpsSeed, now: number): SimVps {
  const createdAt = new Date(now - 30 * day).toISOString();
  return {
    id: seed.id ?? idForName(seed.name),
    name: seed.name,
    primaryIp: seed.primaryIp ?? null,
    hostname: seed.hostname ?? `${seed.name.toLowerCase()}.example.com`,
    powerState: seed.powerState ?? 'running',
    serviceStatus: seed.serviceStatus ?? 'active',
    os: seed.os ?? 'Ubuntu 24.04',
    cpuCores: seed.cpuCores ?? 2,
    memoryGb: seed.memoryGb ?? 4,
    storageGb: seed.storageGb ?? 80,
    snapshots: (seed.snapshots ?? []).map((s) => {
      const created = s.createdAt ?? new Date(now - 3_600_000).toISOString();
      return {
        name: s.name,
        description: s.description ?? '',
        createdAt: created,
        expiresAt: s.expiresAt ?? new Date(Date.parse(created) + day).toISOString(),
      };
    }),
    snapshotLimit: seed.snapshotLimit ?? 3,
    backups: (seed.backups ?? []).map((b) => ({
      id: b.id,
      createdAt: b.createdAt ?? new Date(now - day).toISOString(),
      sizeGb: b.sizeGb ?? 20,
    })),
    createdAt,
    bootedAt: now - 3 * day,
    hostnameUpdatedAt: null,
  };
}

/** The account's VPSes in list order, plus backups of VPSes that are gone. */
export class Inventory {
  readonly vpses: SimVps[];
  readonly retained: SimRetainedSource[];

  constructor(options: HostUpSimulatorOptions, now = Date.now()) {
    const seeds =
      options.vpses ?? (options.count !== undefined ? generatedInventory(options.count) : demoInventory(now));
    this.vpses = seeds.map((seed) => fromSeed(seed, now));
    const ids = new Set<string>();
    for (const vps of this.vpses) {
      if (ids.has(vps.id)) throw new Error(`Duplicate simulated VPS id ${vps.id}`);
      ids.add(vps.id);
    }
    this.retained = options.retainedSources ?? [];
  }

  get(id: string): SimVps | undefined {
    return this.vpses.find((v) => v.id === id);
  }

  findByName(name: string): SimVps | undefined {
    const wanted = name.toLowerCase();
    return this.vpses.find((v) => v.name.toLowerCase() === wanted);
  }

  deleteSnapshot(vpsId: string, snapshotName: string): void {
    const vps = this.get(vpsId);
    if (vps) vps.snapshots = vps.snapshots.filter((s) => s.name !== snapshotName);
  }
}
