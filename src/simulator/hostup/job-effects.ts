import type { PowerState } from '../../domain/vps.js';
import type { SimJobAction } from './types.js';

/** How a job kind shows while it runs and what it leaves behind. */
export interface JobEffect {
  /** Start of `progressMessage`, e.g. "Rebooting (50%)". */
  verb: string;
  /**
   * Power state while running; `fraction` is the share of the running time done (0..1). Null
   * leaves the power state alone (a snapshot is taken of a running VPS).
   */
  during(fraction: number): PowerState | null;
  /** Power state once completed; null leaves it as it is. */
  final: PowerState | null;
}

const downThenUp = (fraction: number): PowerState => (fraction < 0.5 ? 'stopping' : 'starting');

export const jobEffects: Record<SimJobAction, JobEffect> = {
  start: { verb: 'Starting', during: () => 'starting', final: 'running' },
  shutdown: { verb: 'Shutting down', during: () => 'stopping', final: 'stopped' },
  stop: { verb: 'Stopping', during: () => 'stopping', final: 'stopped' },
  restart: { verb: 'Rebooting', during: downThenUp, final: 'running' },
  reset: { verb: 'Resetting', during: downThenUp, final: 'running' },
  snapshot_create: { verb: 'Creating snapshot', during: () => null, final: null },
  snapshot_restore: { verb: 'Restoring snapshot', during: downThenUp, final: 'running' },
  // HostUp stops the target first, replaces its disk, then boots it with the network re-applied.
  restore_from_vps: {
    verb: 'Restoring from backup',
    during: (fraction) => (fraction < 0.5 ? 'stopped' : 'starting'),
    final: 'running',
  },
};
