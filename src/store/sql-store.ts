import { sql } from 'kysely';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Engine } from './engine.js';
import { recordMappers } from './mapping/record-mappers.js';
import { migrate, migrations } from './migrations/index.js';
import { approvalQueries } from './queries/approvals.js';
import { auditQueries } from './queries/audit.js';
import { confirmationQueries } from './queries/confirmations.js';
import { inTransaction, type QueryContext } from './queries/context.js';
import { durationQueries } from './queries/durations.js';
import { homeViewerQueries } from './queries/home-viewers.js';
import { journalQueries } from './queries/journal.js';
import { lockQueries } from './queries/locks.js';
import { operationListQueries } from './queries/operation-lists.js';
import { operationQueries } from './queries/operations.js';
import { outboxQueries } from './queries/outbox.js';
import { claimQueries } from './queries/outbox-claim.js';
import { replicaQueries } from './queries/replicas.js';
import { reviewQueries } from './queries/reviews.js';
import type { Store, StoreTx } from './store.js';

/** Every query of the store, bound to one database handle (the pool, or one transaction). */
function storeOn(ctx: QueryContext): StoreTx {
  return {
    ...confirmationQueries(ctx),
    ...approvalQueries(ctx),
    ...operationQueries(ctx),
    ...operationListQueries(ctx),
    ...durationQueries(ctx),
    ...outboxQueries(ctx),
    ...claimQueries(ctx),
    ...replicaQueries(ctx),
    ...auditQueries(ctx),
    ...journalQueries(ctx),
    ...lockQueries(ctx),
    ...reviewQueries(ctx),
    ...homeViewerQueries(ctx),
    transaction: (fn) => inTransaction(ctx, (tx) => fn(storeOn(tx))),
  };
}

/**
 * The Store over either engine: migrates the database, then serves the queries (written once, in
 * queries/) on it. A failed migration closes the connection and says so; it never half-opens.
 */
export async function openSqlStore(engine: Engine, options: { clock: Clock }): Promise<Store> {
  const { clock } = options;
  let applied: number;
  try {
    applied = await migrate(engine, migrations, clock.now());
  } catch (cause) {
    await engine.close().catch(() => undefined);
    throw new AppError('store_migration_failed', 'Applying the database migrations failed', { cause });
  }
  let closed = false;
  const ctx: QueryContext = {
    db: engine.db,
    engine,
    map: recordMappers(engine.readJson),
    now: () => clock.now(),
  };
  return {
    ...storeOn(ctx),
    engine: engine.name,
    async ping() {
      if (closed) throw new AppError('store_closed', 'The store is closed');
      await sql`SELECT 1`.execute(engine.db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await engine.close();
    },
    migrationsApplied: () => applied,
  };
}
