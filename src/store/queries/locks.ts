import type { StoreTx } from '../store.js';
import { changed, inTransaction, type QueryContext } from './context.js';

type LockQueries = Pick<StoreTx, 'acquireServerLocks' | 'releaseServerLocks' | 'getServerLock'>;

/** Releases `holder`'s locks on `db` (inside the transition that ends the holder). */
export async function releaseLocksOf(ctx: QueryContext, holder: string): Promise<number> {
  return changed(await ctx.db.deleteFrom('server_locks').where('holder', '=', holder).executeTakeFirst());
}

/**
 * One row per (server, slot): the primary key is the lock, so two replicas can never both hold
 * it. Taking several keys is all or none: on a conflict the keys taken so far are given back in
 * the same transaction.
 */
async function get(ctx: QueryContext, key: string, slot: string) {
  const row = await ctx.db
    .selectFrom('server_locks')
    .selectAll()
    .where('server_key', '=', key)
    .where('slot', '=', slot)
    .executeTakeFirst();
  return row ? ctx.map.toServerLock(row) : null;
}

export function lockQueries(ctx: QueryContext): LockQueries {
  return {
    acquireServerLocks: (args) =>
      inTransaction(ctx, async (tx) => {
        for (const key of [...new Set(args.keys)].sort()) {
          const inserted = await tx.db
            .insertInto('server_locks')
            .values({
              server_key: key,
              slot: args.slot,
              holder: args.holder,
              action: args.action,
              actor: args.actor,
              acquired_at: args.now,
            })
            .onConflict((oc) => oc.columns(['server_key', 'slot']).doNothing())
            .executeTakeFirst();
          if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) continue;
          const held = await get(tx, key, args.slot);
          if (held?.holder === args.holder) continue;
          await tx.db
            .deleteFrom('server_locks')
            .where('holder', '=', args.holder)
            .where('slot', '=', args.slot)
            .where('acquired_at', '=', args.now)
            .execute();
          if (held) return { ok: false as const, held };
          // Released between our insert and the read: take it on a second try.
          return lockQueries(tx).acquireServerLocks(args);
        }
        return { ok: true as const };
      }),

    releaseServerLocks: (holder) => releaseLocksOf(ctx, holder),
    getServerLock: (key, slot) => get(ctx, key, slot),
  };
}
