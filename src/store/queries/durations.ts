import type { StoreTx } from '../store.js';
import { inTransaction, type QueryContext } from './context.js';

/** How many recent durations are kept per (provider, action). */
export const durationWindow = 20;

type DurationQueries = Pick<StoreTx, 'recordDuration' | 'typicalDuration' | 'recentDurations'>;

/** How long each kind of action took lately, so polling can aim at its end. */
export function durationQueries(ctx: QueryContext): DurationQueries {
  const recentDurations: DurationQueries['recentDurations'] = async (provider, action) => {
    const rows = await ctx.db
      .selectFrom('operation_durations')
      .select('duration_ms')
      .where('provider', '=', provider)
      .where('action', '=', action)
      .orderBy('seq', 'desc')
      .limit(durationWindow)
      .execute();
    return rows.map((row) => Number(row.duration_ms));
  };
  return {
    recordDuration: (provider, action, ms) =>
      inTransaction(ctx, async ({ db, now }) => {
        await db
          .insertInto('operation_durations')
          .values({ provider, action, duration_ms: Math.max(0, Math.round(ms)), recorded_at: now() })
          .execute();
        await db
          .deleteFrom('operation_durations')
          .where('provider', '=', provider)
          .where('action', '=', action)
          .where('seq', 'not in', (eb) =>
            eb
              .selectFrom('operation_durations')
              .select('seq')
              .where('provider', '=', provider)
              .where('action', '=', action)
              .orderBy('seq', 'desc')
              .limit(durationWindow),
          )
          .execute();
      }),

    recentDurations,

    /** The median of the last `durationWindow` durations, or null when none were recorded. */
    async typicalDuration(provider, action) {
      const values = (await recentDurations(provider, action)).sort((a, b) => a - b);
      if (values.length === 0) return null;
      const mid = Math.floor(values.length / 2);
      return values.length % 2 === 1 ? values[mid]! : Math.round((values[mid - 1]! + values[mid]!) / 2);
    },
  };
}
