import type { SimState } from './context.js';
import { computeGates, detailsActions } from './gates.js';
import type { SimVps } from './types.js';

function osFamily(os: string): string {
  const lower = os.toLowerCase();
  if (lower.includes('windows')) return 'windows';
  if (/bsd/.test(lower)) return 'bsd';
  return 'linux';
}

/** A list item. `createdAt` and `tags` are extras clients must ignore. */
export function vpsItem(vps: SimVps): Record<string, unknown> {
  return {
    id: vps.id,
    name: vps.name,
    primaryIp: vps.primaryIp,
    serviceStatus: vps.serviceStatus,
    powerState: vps.powerState,
    operatingSystem: { displayName: vps.os, family: osFamily(vps.os) },
    resources: { cpuCores: vps.cpuCores, memoryGb: vps.memoryGb, storageGb: vps.storageGb },
    createdAt: vps.createdAt,
    tags: [],
  };
}

/** `GET /api/v2/vps/{id}`: the list item plus the gates the restart/reset docs point at. */
export function vpsSingle(vps: SimVps, state: SimState): Record<string, unknown> {
  const gates = computeGates(vps, state.jobs.isBusy(vps.id));
  return { ...vpsItem(vps), actions: { canRestart: gates.canRestart, canReset: gates.canReset } };
}

export function vpsDetails(vps: SimVps, state: SimState): Record<string, unknown> {
  const gates = computeGates(vps, state.jobs.isBusy(vps.id));
  return {
    ...vpsItem(vps),
    hostname: vps.hostname,
    productName: `VPS ${vps.cpuCores} vCPU / ${vps.memoryGb} GB`,
    bandwidth: { usedGb: 12.5, limitGb: 10_000 },
    ipAddresses: vps.primaryIp ? [{ address: vps.primaryIp, version: 4, primary: true }] : [],
    actions: detailsActions(gates),
  };
}

export function vpsLiveStatus(vps: SimVps, state: SimState, now = Date.now()): Record<string, unknown> {
  const running = vps.powerState === 'running';
  const totalMb = vps.memoryGb * 1024;
  const usedMb = running ? Math.round(totalMb * 0.42) : 0;
  const usedGb = Math.round(vps.storageGb * 0.35);
  return {
    powerState: vps.powerState,
    uptimeSeconds: running ? Math.max(0, Math.floor((now - vps.bootedAt) / 1000)) : 0,
    cpuUsagePercent: running ? 7.5 : 0,
    memory: { usedMb, totalMb, usagePercent: Math.round((100 * usedMb) / totalMb) },
    storage: { usedGb, totalGb: vps.storageGb, usagePercent: Math.round((100 * usedGb) / vps.storageGb) },
    network: { inBytes: running ? 123_456_789 : 0, outBytes: running ? 98_765_432 : 0 },
    pendingTasks: state.jobs.pendingCount(vps.id),
  };
}
