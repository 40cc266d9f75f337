import { randomUUID } from 'node:crypto';
import { toJson } from '../mapping/row-values.js';
import type { StoreTx } from '../store.js';
import { changed, type QueryContext } from './context.js';

type JournalQueries = Pick<StoreTx, 'recordCallStart' | 'recordCallEnd' | 'listCalls'>;

/** The journal of acting calls: a row before each request is sent, closed with what came back. */
export function journalQueries(ctx: QueryContext): JournalQueries {
  const { db, map } = ctx;
  return {
    async recordCallStart(call) {
      const row = await db
        .insertInto('acting_calls')
        .values({
          id: call.id ?? randomUUID(),
          operation_id: call.operationId,
          provider: call.provider,
          action: call.action,
          target: call.target,
          request: toJson(call.request),
          requester: call.requester,
          executor: call.executor,
          correlation_id: call.correlationId ?? null,
          state: 'calling',
          called_at: call.calledAt ?? ctx.now(),
          answered_at: null,
          result: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return map.toActingCall(row);
    },

    async recordCallEnd(id, args) {
      const result = await db
        .updateTable('acting_calls')
        .set({ state: args.state, answered_at: args.now, result: toJson(args.result) })
        .where('id', '=', id)
        .where('state', '=', 'calling')
        .executeTakeFirst();
      return changed(result) === 1;
    },

    async listCalls(operationId) {
      const rows = await db
        .selectFrom('acting_calls')
        .selectAll()
        .where('operation_id', '=', operationId)
        .orderBy('called_at')
        .orderBy('id')
        .execute();
      return rows.map(map.toActingCall);
    },
  };
}
