import { afterEach, beforeEach, describe } from 'vitest';
import { actingContract } from './contract/acting.js';
import { approvalContract } from './contract/approvals.js';
import { auditAndLifecycleContract } from './contract/audit-and-lifecycle.js';
import { confirmationContract } from './contract/confirmations.js';
import { deliveryContract } from './contract/delivery.js';
import type { ContractContext, MakeStoreHarness } from './contract/harness.js';
import { operationContract } from './contract/operations.js';
import { outboxContract } from './contract/outbox.js';
import { stepsContract } from './contract/steps.js';
import { transactionContract } from './contract/transactions.js';

export type { MakeStoreHarness, StoreHarness } from './contract/harness.js';

/**
 * The behaviour every Store implementation must show, whatever database is behind it.
 * SQLite runs it in sqlite-store.test.ts; a PostgreSQL store will run it unchanged with its own
 * `makeHarness` (a fresh schema per test, `openAnother` = a second pool on the same database).
 */
export function describeStoreContract(name: string, makeHarness: MakeStoreHarness): void {
  describe(`${name} store contract`, () => {
    const ctx = {} as ContractContext;
    beforeEach(async () => {
      ctx.harness = await makeHarness();
    });
    afterEach(async () => {
      await ctx.harness.dispose();
    });

    confirmationContract(ctx);
    approvalContract(ctx);
    operationContract(ctx);
    outboxContract(ctx);
    deliveryContract(ctx);
    auditAndLifecycleContract(ctx);
    transactionContract(ctx);
    actingContract(ctx);
    stepsContract(ctx);
  });
}
