import { randomUUID } from 'node:crypto';
import { toJson } from '../mapping/row-values.js';
import type { AuditEntry, NewAuditEntry } from '../records.js';
import type { AuditQuery } from '../store.js';
import { type Db, query, queryOne } from './connection.js';
import { toAuditEntry } from './rows.js';

export async function appendAudit(db: Db, entry: NewAuditEntry, now: number): Promise<AuditEntry> {
  const row = await queryOne(
    db,
    `INSERT INTO audit_log (id, at, actor, action, target, outcome, detail, correlation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8) RETURNING *`,
    [
      entry.id ?? randomUUID(),
      entry.at ?? now,
      entry.actor,
      entry.action,
      entry.target,
      entry.outcome,
      toJson(entry.detail ?? {}),
      entry.correlationId ?? null,
    ],
  );
  return toAuditEntry(row!);
}

/** Default and ceiling for one page of the trail (the same as the SQLite store's). */
export const auditPage = { default: 50, max: 1000 } as const;

export async function listAudit(db: Db, filter: AuditQuery = {}): Promise<AuditEntry[]> {
  const where: string[] = [];
  const values: unknown[] = [];
  const add = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    values.push(value);
    where.push(`${column} = $${values.length}`);
  };
  add('target', filter.target);
  add('actor', filter.actor);
  add('correlation_id', filter.correlationId);
  values.push(Math.min(Math.max(0, filter.limit ?? auditPage.default), auditPage.max));
  const rows = await query(
    db,
    `SELECT * FROM audit_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY at DESC, seq DESC LIMIT $${values.length}`,
    values,
  );
  return rows.map(toAuditEntry);
}
