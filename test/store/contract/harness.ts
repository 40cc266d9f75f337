import type { ManualClock } from '../../../src/clock.js';
import type { NewApproval, Store } from '../../../src/store/store.js';

/** What a Store implementation gives the contract suite for one test. */
export interface StoreHarness {
  /** A fresh, empty, migrated store. */
  readonly store: Store;
  /** The clock `store` (and every store from `openAnother`) was opened with. */
  readonly clock: ManualClock;
  /** Another, independent connection to the same database, as a second bot process would hold. */
  openAnother(): Promise<Store>;
  /** Closes every store this harness opened and removes the database. */
  dispose(): Promise<void>;
}

export type MakeStoreHarness = () => Promise<StoreHarness>;

/** Filled in beforeEach by `describeStoreContract`; the contract parts read it inside tests. */
export interface ContractContext {
  harness: StoreHarness;
}

export const minute = 60_000;

/** Fires `count` calls at once and returns their results in call order. */
export function race<T>(count: number, call: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => call(index)));
}

/** A snapshot-restore request by U_ANA on vps_1 in C1, needing one approval within a minute. */
export function restoreRequest(clock: ManualClock, overrides: Partial<NewApproval> = {}): NewApproval {
  return {
    requester: 'U_ANA',
    actionKind: 'restore_snapshot',
    target: 'vps_1',
    payload: {},
    reason: 'r',
    channel: 'C1',
    requiredApprovals: 1,
    expiresAt: clock.now() + minute,
    ...overrides,
  };
}
