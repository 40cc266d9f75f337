import { randomUUID } from 'node:crypto';
import { type Row, toJson } from '../mapping/row-values.js';
import type { AuditEntry, NewAuditEntry } from '../records.js';
import type { AuditQuery } from '../store.js';
import type { Db } from './connection.js';
import { toAuditEntry } from './rows.js';

export function appendAudit(db: Db, entry: NewAuditEntry, now: number): AuditEntry {
  const row = db
    .prepare(
      `INSERT INTO audit_log (id, at, actor, action, target, outcome, detail, correlation_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .get(
      entry.id ?? randomUUID(),
      entry.at ?? now,
      entry.actor,
      entry.action,
      entry.target,
      entry.outcome,
      toJson(entry.detail ?? {}),
      entry.correlationId ?? null,
    ) as Row;
  return toAuditEntry(row);
}

/** Default and ceiling for one page of the trail. */
export const auditPage = { default: 50, max: 1000 } as const;

export function listAudit(db: Db, query: AuditQuery = {}): AuditEntry[] {
  const where: string[] = [];
  const values: unknown[] = [];
  if (query.target !== undefined) {
    where.push('target = ?');
    values.push(query.target);
  }
  if (query.actor !== undefined) {
    where.push('actor = ?');
    values.push(query.actor);
  }
  if (query.correlationId !== undefined) {
    where.push('correlation_id = ?');
    values.push(query.correlationId);
  }
  const limit = Math.min(Math.max(0, query.limit ?? auditPage.default), auditPage.max);
  const rows = db
    .prepare(
      `SELECT * FROM audit_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY at DESC, seq DESC LIMIT ?`,
    )
    .all(...values, limit) as Row[];
  return rows.map(toAuditEntry);
}
