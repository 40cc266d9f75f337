import type { StoreTx } from '../store.js';
import type { QueryContext } from './context.js';

/** Operations as people look them up: one server's latest, and the latest that ended. */
export function operationListQueries(
  ctx: QueryContext,
): Pick<StoreTx, 'listOperationsFor' | 'listRecentOperations'> {
  const { db, map } = ctx;
  return {
    async listOperationsFor(targetId, limit = 20) {
      const rows = await db
        .selectFrom('operations')
        .selectAll()
        .where('target_id', '=', targetId)
        .orderBy('started_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map(map.toOperation);
    },

    async listRecentOperations(limit = 20) {
      const rows = await db
        .selectFrom('operations')
        .selectAll()
        .where('state', '<>', 'active')
        .orderBy('terminal_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map(map.toOperation);
    },
  };
}
