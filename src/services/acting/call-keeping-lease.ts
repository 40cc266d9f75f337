import type { TrackedOperation } from '../../store/store.js';
import type { ActingDeps } from './acting-deps.js';

export type CallResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown };

/**
 * Makes the call while renewing this process's lease on the operation, so nobody takes it for a
 * crashed caller's while the provider takes its time.
 */
export async function callKeepingLease<T>(
  deps: ActingDeps,
  operation: TrackedOperation,
  call: () => Promise<T>,
): Promise<CallResult<T>> {
  const renew = setInterval(
    () => {
      deps.store
        .extendLease(operation.id, deps.owner, { now: deps.clock.now(), leaseMs: deps.leaseMs })
        .catch((error: unknown) =>
          deps.logger.warn({ err: error, operationId: operation.id }, 'could not renew the lease'),
        );
    },
    Math.max(250, Math.floor(deps.leaseMs / 3)),
  );
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  } finally {
    clearInterval(renew);
  }
}
