import { randomUUID } from 'node:crypto';
import { toVote } from '../mapping/record-mappers.js';
import { num, type Row, toJson } from '../mapping/row-values.js';
import type { Approval, ApprovalStatus, NewApproval } from '../records.js';
import type {
  AddApprovalResult,
  ApprovalDecisionArgs,
  ApprovalRefusal,
  ApprovalTransitionResult,
} from '../store.js';
import { type Db, writeTx } from './connection.js';
import { toApproval } from './rows.js';

/** Reads the request's votes, in vote order, and builds the approval. */
function approvalOf(db: Db, row: Row): Approval {
  const votes = db
    .prepare('SELECT user_id, at FROM approval_votes WHERE approval_id = ? ORDER BY seq')
    .all(row.id) as Row[];
  return toApproval(row, votes.map(toVote));
}

export function createApproval(db: Db, input: NewApproval, now: number): Approval {
  const id = input.id ?? randomUUID();
  const createdAt = input.createdAt ?? now;
  db.prepare(
    `INSERT INTO approvals (id, requester, action_kind, target, payload, reason, channel, status,
       required_approvals, created_at, expires_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)`,
  ).run(
    id,
    input.requester,
    input.actionKind,
    input.target,
    toJson(input.payload),
    input.reason,
    input.channel,
    input.requiredApprovals,
    createdAt,
    input.expiresAt,
    createdAt,
  );
  return getApproval(db, id)!;
}

export function getApproval(db: Db, id: string): Approval | null {
  const row = db.prepare('SELECT * FROM approvals WHERE id = ?').get(id) as Row | undefined;
  return row ? approvalOf(db, row) : null;
}

export function listPendingApprovals(db: Db): Approval[] {
  const rows = db
    .prepare(`SELECT * FROM approvals WHERE status = 'pending' ORDER BY created_at, id`)
    .all() as Row[];
  return rows.map((row) => approvalOf(db, row));
}

/** Why a pending-only transition did not happen; marks a request found past its expiry. */
function refusal(db: Db, id: string, now: number): { reason: ApprovalRefusal; approval?: Approval } {
  const current = getApproval(db, id);
  if (!current) return { reason: 'not_found' };
  if (current.status === 'expired') return { reason: 'expired', approval: current };
  if (current.status !== 'pending') return { reason: 'not_pending', approval: current };
  if (current.expiresAt <= now) {
    db.prepare(
      `UPDATE approvals SET status = 'expired', decided_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'`,
    ).run(now, now, id);
    return { reason: 'expired', approval: getApproval(db, id)! };
  }
  return { reason: 'not_pending', approval: current };
}

/**
 * Runs in one write transaction (SELECT … FOR UPDATE on PostgreSQL): the vote row's primary key
 * refuses duplicates, and the pending → approved UPDATE is conditional, so only one vote completes.
 */
export function addApproval(db: Db, id: string, userId: string, now: number): AddApprovalResult {
  return writeTx(db, (): AddApprovalResult => {
    const row = db.prepare('SELECT * FROM approvals WHERE id = ?').get(id) as Row | undefined;
    if (!row) return { ok: false, reason: 'not_found' };
    if (row.status !== 'pending' || num(row.expires_at) <= now) return { ok: false, ...refusal(db, id, now) };
    if (row.requester === userId)
      return { ok: false, reason: 'self_approval', approval: approvalOf(db, row) };
    const inserted = db
      .prepare(
        `INSERT INTO approval_votes (approval_id, user_id, at, seq)
         VALUES (?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM approval_votes WHERE approval_id = ?))
         ON CONFLICT (approval_id, user_id) DO NOTHING`,
      )
      .run(id, userId, now, id);
    if (inserted.changes === 0) return { ok: false, reason: 'duplicate', approval: approvalOf(db, row) };
    const votes = num(
      db.prepare('SELECT COUNT(*) FROM approval_votes WHERE approval_id = ?').pluck().get(id),
    );
    let complete = false;
    if (votes >= num(row.required_approvals)) {
      complete =
        db
          .prepare(
            `UPDATE approvals SET status = 'approved', decided_by = ?, decided_at = ?, updated_at = ?
             WHERE id = ? AND status = 'pending'`,
          )
          .run(userId, now, now, id).changes === 1;
    } else {
      db.prepare('UPDATE approvals SET updated_at = ? WHERE id = ?').run(now, id);
    }
    return { ok: true, complete, approval: getApproval(db, id)! };
  });
}

export function rejectApproval(db: Db, id: string, args: ApprovalDecisionArgs): ApprovalTransitionResult {
  return writeTx(db, (): ApprovalTransitionResult => {
    const row = db
      .prepare(
        `UPDATE approvals SET status = 'rejected', decided_by = ?, decided_at = ?, decision_note = ?, updated_at = ?
         WHERE id = ? AND status = 'pending' AND expires_at > ? RETURNING *`,
      )
      .get(args.by, args.now, args.note ?? null, args.now, id, args.now) as Row | undefined;
    if (row) return { ok: true, approval: approvalOf(db, row) };
    return { ok: false, ...refusal(db, id, args.now) };
  });
}

export function cancelApproval(db: Db, id: string, args: ApprovalDecisionArgs): ApprovalTransitionResult {
  return writeTx(db, (): ApprovalTransitionResult => {
    const row = db
      .prepare(
        `UPDATE approvals SET status = 'cancelled', decided_by = ?, decided_at = ?, decision_note = ?, updated_at = ?
         WHERE id = ? AND status IN ('pending', 'approved') AND requester = ? RETURNING *`,
      )
      .get(args.by, args.now, args.note ?? null, args.now, id, args.by) as Row | undefined;
    if (row) return { ok: true, approval: approvalOf(db, row) };
    const current = getApproval(db, id);
    if (!current) return { ok: false, reason: 'not_found' };
    if (current.status !== 'pending' && current.status !== 'approved') {
      return { ok: false, reason: 'not_pending', approval: current };
    }
    return { ok: false, reason: 'not_requester', approval: current };
  });
}

export function expireApprovals(db: Db, now: number): Approval[] {
  return writeTx(db, () => {
    const rows = db
      .prepare(
        `UPDATE approvals SET status = 'expired', decided_at = ?, updated_at = ?
         WHERE status = 'pending' AND expires_at <= ? RETURNING *`,
      )
      .all(now, now, now) as Row[];
    return rows.map((row) => approvalOf(db, row)).sort((a, b) => a.createdAt - b.createdAt);
  });
}

/** One conditional status move; true only for the caller whose UPDATE changed the row. */
export function moveApproval(
  db: Db,
  id: string,
  from: readonly ApprovalStatus[],
  to: ApprovalStatus,
  now: number,
  extra: { jobId?: string | null; error?: string } = {},
): boolean {
  const placeholders = from.map(() => '?').join(', ');
  return (
    db
      .prepare(
        `UPDATE approvals SET status = ?, updated_at = ?,
           job_id = COALESCE(?, job_id), error = COALESCE(?, error)
         WHERE id = ? AND status IN (${placeholders})`,
      )
      .run(to, now, extra.jobId ?? null, extra.error ?? null, id, ...from).changes === 1
  );
}

export function setApprovalMessage(db: Db, id: string, channel: string, ts: string): boolean {
  return (
    db.prepare('UPDATE approvals SET channel = ?, message_ts = ? WHERE id = ?').run(channel, ts, id)
      .changes === 1
  );
}
