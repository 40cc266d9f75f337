import type { PowerState, ServiceStatus } from '../../domain/vps.js';
import type { SimVpsPatch } from './types.js';

const powerStates: readonly PowerState[] = [
  'running',
  'stopped',
  'starting',
  'stopping',
  'paused',
  'provisioning',
  'error',
  'unknown',
];
const serviceStatuses: readonly ServiceStatus[] = [
  'active',
  'suspended',
  'terminated',
  'pending',
  'cancelled',
  'expired',
  'fraud',
  'unknown',
];

/** Reads `POST /_sim/vps/{id}`'s body: `{powerState?, serviceStatus?, snapshotLimit?}`, or why not. */
export function parseVpsPatch(input: unknown): SimVpsPatch | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return 'Body must be {powerState?, serviceStatus?, snapshotLimit?}';
  }
  const { powerState, serviceStatus, snapshotLimit, ...rest } = input as Record<string, unknown>;
  const unknownKeys = Object.keys(rest);
  if (unknownKeys.length > 0) return `Unknown fields: ${unknownKeys.join(', ')}`;
  if (powerState !== undefined && !powerStates.includes(powerState as PowerState)) {
    return `powerState must be one of ${powerStates.join(', ')}`;
  }
  if (serviceStatus !== undefined && !serviceStatuses.includes(serviceStatus as ServiceStatus)) {
    return `serviceStatus must be one of ${serviceStatuses.join(', ')}`;
  }
  if (
    snapshotLimit !== undefined &&
    !(typeof snapshotLimit === 'number' && Number.isInteger(snapshotLimit) && snapshotLimit >= 0)
  ) {
    return 'snapshotLimit must be an integer >= 0';
  }
  return {
    ...(powerState !== undefined && { powerState: powerState as PowerState }),
    ...(serviceStatus !== undefined && { serviceStatus: serviceStatus as ServiceStatus }),
    ...(snapshotLimit !== undefined && { snapshotLimit }),
  };
}
