import type { GateName } from '../../domain/vps.js';
import type { SimVps } from './types.js';

export interface SimGate {
  allowed: boolean;
  reason: string | null;
  code: string | null;
}

const allowed: SimGate = { allowed: true, reason: null, code: null };

function denied(reason: string, code: string): SimGate {
  return { allowed: false, reason, code };
}

/**
 * Every gate for a VPS as things stand: a suspended service or a job that is not finished blocks
 * everything; otherwise power actions follow the power state.
 */
export function computeGates(vps: SimVps, busy: boolean): Record<GateName, SimGate> {
  const block =
    vps.serviceStatus !== 'active'
      ? denied(`The service is ${vps.serviceStatus}`, 'service_not_active')
      : busy
        ? denied('Another operation is in progress', 'vps_not_ready')
        : null;
  const whenRunning =
    block ??
    (vps.powerState === 'running' ? allowed : denied('The VPS is not running', 'invalid_power_state'));
  const whenStopped =
    block ??
    (vps.powerState === 'stopped' ? allowed : denied('The VPS is not stopped', 'invalid_power_state'));
  return {
    canStart: whenStopped,
    canShutdown: whenRunning,
    canStop: whenRunning,
    canRestart: whenRunning,
    canReset: whenRunning,
    canRestore: block ?? allowed,
    canRestoreFromAnotherVps: block ?? allowed,
    canChange: block ?? allowed,
  };
}

/**
 * `canCreate` on the snapshots list: like a power action it needs an active, idle, running VPS,
 * and there must be room under `limits.totalSnapshots`.
 */
export function snapshotCreateGate(vps: SimVps, busy: boolean): SimGate {
  const running = computeGates(vps, busy).canRestart;
  if (!running.allowed) return running;
  if (vps.snapshots.length >= vps.snapshotLimit) {
    return denied(`Snapshot limit reached (${vps.snapshotLimit})`, 'snapshot_limit_reached');
  }
  return allowed;
}

/**
 * The `actions` block of `details`. canStart/canShutdown/canStop go out as bare booleans (as some
 * HostUp gates do) so clients meet both forms; the rest as `{allowed, reason, code}`.
 */
export function detailsActions(gates: Record<GateName, SimGate>): Record<string, unknown> {
  return {
    ...gates,
    canStart: gates.canStart.allowed,
    canShutdown: gates.canShutdown.allowed,
    canStop: gates.canStop.allowed,
  };
}
