import type { StoreTx } from '../store.js';
import { changed, inTransaction, type QueryContext } from './context.js';

type ReplicaQueries = Pick<StoreTx, 'registerReplica' | 'renewReplica' | 'removeReplica'>;

/** Serialises registrations across processes (PostgreSQL advisory lock; SQLite has one writer). */
const replicasLock = 'replicas:register';

/**
 * Heartbeats of the running bots. Registration counts and inserts under one lock, so two replicas
 * starting together cannot both see room for one more.
 */
export function replicaQueries(ctx: QueryContext): ReplicaQueries {
  return {
    registerReplica: (args) =>
      inTransaction(ctx, async ({ db, engine }) => {
        await engine.lockOrderGroup(db, replicasLock);
        await db.deleteFrom('replicas').where('expires_at', '<=', args.now).execute();
        const { n } = await db
          .selectFrom('replicas')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('id', '<>', args.id)
          .executeTakeFirstOrThrow();
        const live = Number(n);
        if (live >= args.max) return { ok: false, live };
        const expires = args.now + args.leaseMs;
        await db
          .insertInto('replicas')
          .values({ id: args.id, started_at: args.now, seen_at: args.now, expires_at: expires })
          .onConflict((oc) => oc.column('id').doUpdateSet({ seen_at: args.now, expires_at: expires }))
          .execute();
        return { ok: true, live };
      }),

    async renewReplica(id, args) {
      const result = await ctx.db
        .updateTable('replicas')
        .set({ seen_at: args.now, expires_at: args.now + args.leaseMs })
        .where('id', '=', id)
        .executeTakeFirst();
      return changed(result) === 1;
    },

    async removeReplica(id) {
      await ctx.db.deleteFrom('replicas').where('id', '=', id).execute();
    },
  };
}
