import { randomUUID } from 'node:crypto';
import { toJson } from '../mapping/row-values.js';
import type { StoreTx } from '../store.js';
import type { QueryContext } from './context.js';

/** Default and ceiling for one page of the trail. */
export const auditPage = { default: 50, max: 1000 } as const;

type AuditQueries = Pick<StoreTx, 'appendAudit' | 'listAudit' | 'listAuditSince'>;

/** The most one export holds. */
export const auditExportMax = 10_000;

/** The audit trail: appended to, never changed (the database refuses UPDATE and DELETE on it). */
export function auditQueries(ctx: QueryContext): AuditQueries {
  const { db, map } = ctx;
  return {
    async appendAudit(entry) {
      const row = await db
        .insertInto('audit_log')
        .values({
          id: entry.id ?? randomUUID(),
          at: entry.at ?? ctx.now(),
          actor: entry.actor,
          action: entry.action,
          target: entry.target,
          outcome: entry.outcome,
          detail: toJson(entry.detail ?? {}),
          correlation_id: entry.correlationId ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return map.toAuditEntry(row);
    },

    async listAudit(query = {}) {
      let select = db.selectFrom('audit_log').selectAll();
      if (query.target !== undefined) select = select.where('target', '=', query.target);
      if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
      if (query.correlationId !== undefined)
        select = select.where('correlation_id', '=', query.correlationId);
      const limit = Math.min(Math.max(0, query.limit ?? auditPage.default), auditPage.max);
      const rows = await select.orderBy('at', 'desc').orderBy('seq', 'desc').limit(limit).execute();
      return rows.map(map.toAuditEntry);
    },

    async listAuditSince(since, limit) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('at', '>=', since)
        .orderBy('at', 'desc')
        .orderBy('seq', 'desc')
        .limit(Math.min(Math.max(0, limit), auditExportMax))
        .execute();
      return rows.reverse().map(map.toAuditEntry);
    },
  };
}
