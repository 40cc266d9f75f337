import type { TransportError } from '../../errors.js';
import { mapTransportError } from '../transport-errors.js';

export const PROVIDER = 'HostUp';

/** An undici/Node failure as a HostUp TransportError (the mapping is shared: ../transport-errors.ts). */
export function toTransportError(error: unknown, what: string): TransportError {
  return mapTransportError(PROVIDER, error, what);
}
