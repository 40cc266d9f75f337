import type { StoreTx } from '../store.js';
import type { QueryContext } from './context.js';

type HomeViewerQueries = Pick<StoreTx, 'recordHomeViewer' | 'homeViewers'>;

/** Who has opened the App Home: one row per person, the last time they did. */
export function homeViewerQueries(ctx: QueryContext): HomeViewerQueries {
  const { db } = ctx;
  return {
    async recordHomeViewer(user, now) {
      await db
        .insertInto('home_viewers')
        .values({ user_id: user, opened_at: now })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ opened_at: now }))
        .execute();
    },

    async homeViewers(users) {
      if (users.length === 0) return [];
      const rows = await db
        .selectFrom('home_viewers')
        .select('user_id')
        .where('user_id', 'in', [...new Set(users)])
        .execute();
      return rows.map((r) => r.user_id);
    },
  };
}
