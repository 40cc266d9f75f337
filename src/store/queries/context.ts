import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';
import type { RecordMappers } from '../mapping/record-mappers.js';
import type { Database } from '../schema.js';

/** What every query module works with: the database (or the transaction it is part of), the engine's quirks, the row mappers and the clock. */
export interface QueryContext {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
  readonly map: RecordMappers;
  readonly now: () => number;
}

/**
 * Runs `fn` in a transaction: the caller's own when there is one (so a use case can make several
 * steps one commit), else a new one. Inside, use only `tx`: on SQLite the one connection is held by
 * the transaction, so a query on the outer handle would wait for it for ever.
 */
export function inTransaction<T>(ctx: QueryContext, fn: (tx: QueryContext) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  return ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }));
}

/** How many rows an UPDATE or DELETE changed. */
export function changed(result: {
  readonly numUpdatedRows?: bigint;
  readonly numDeletedRows?: bigint;
}): number {
  return Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);
}
