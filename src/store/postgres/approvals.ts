import { randomUUID } from 'node:crypto';
import { toVote } from '../mapping/record-mappers.js';
import { num, str, toJson } from '../mapping/row-values.js';
import type { Approval, ApprovalStatus, ApprovalVote, NewApproval } from '../records.js';
import type {
  AddApprovalResult,
  ApprovalDecisionArgs,
  ApprovalRefusal,
  ApprovalTransitionResult,
} from '../store.js';
import { type Conn, type Db, execute, query, queryOne, type Row, withTx } from './connection.js';
import { toApproval } from './rows.js';

/** Reads the votes of every row in one query and builds the approvals, in the rows' order. */
async function withVotes(conn: Conn, rows: readonly Row[]): Promise<Approval[]> {
  if (rows.length === 0) return [];
  const votes = await query(
    conn,
    'SELECT approval_id, user_id, at FROM approval_votes WHERE approval_id = ANY($1::text[]) ORDER BY seq',
    [rows.map((row) => str(row.id))],
  );
  const byApproval = new Map<string, ApprovalVote[]>();
  for (const vote of votes) {
    const list = byApproval.get(str(vote.approval_id)) ?? [];
    list.push(toVote(vote));
    byApproval.set(str(vote.approval_id), list);
  }
  return rows.map((row) => toApproval(row, byApproval.get(str(row.id)) ?? []));
}

async function one(conn: Conn, row: Row): Promise<Approval> {
  return (await withVotes(conn, [row]))[0]!;
}

export async function createApproval(db: Db, input: NewApproval, now: number): Promise<Approval> {
  const createdAt = input.createdAt ?? now;
  const row = await queryOne(
    db,
    `INSERT INTO approvals (id, requester, action_kind, target, payload, reason, channel, status,
       required_approvals, created_at, expires_at, updated_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, 'pending', $8, $9, $10, $9) RETURNING *`,
    [
      input.id ?? randomUUID(),
      input.requester,
      input.actionKind,
      input.target,
      toJson(input.payload),
      input.reason,
      input.channel,
      input.requiredApprovals,
      createdAt,
      input.expiresAt,
    ],
  );
  return toApproval(row!, []);
}

export async function getApproval(conn: Conn, id: string): Promise<Approval | null> {
  const row = await queryOne(conn, 'SELECT * FROM approvals WHERE id = $1', [id]);
  return row ? one(conn, row) : null;
}

export async function listPendingApprovals(db: Db): Promise<Approval[]> {
  const rows = await query(db, `SELECT * FROM approvals WHERE status = 'pending' ORDER BY created_at, id`);
  return withVotes(db, rows);
}

/** Why a pending-only transition did not happen; marks a request found past its expiry. */
async function refusal(
  conn: Conn,
  id: string,
  now: number,
): Promise<{ reason: ApprovalRefusal; approval?: Approval }> {
  const current = await getApproval(conn, id);
  if (!current) return { reason: 'not_found' };
  if (current.status === 'expired') return { reason: 'expired', approval: current };
  if (current.status !== 'pending') return { reason: 'not_pending', approval: current };
  if (current.expiresAt <= now) {
    const expired = await queryOne(
      conn,
      `UPDATE approvals SET status = 'expired', decided_at = $1, updated_at = $1
       WHERE id = $2 AND status = 'pending' RETURNING *`,
      [now, id],
    );
    if (expired) return { reason: 'expired', approval: await one(conn, expired) };
    return refusal(conn, id, now);
  }
  return { reason: 'not_pending', approval: current };
}

/**
 * One transaction that first locks the request's row (FOR NO KEY UPDATE): votes on one request
 * from any replica queue behind each other, each sees the status the previous one left, the vote
 * row's primary key refuses duplicates, and only the vote reaching the quorum completes it.
 */
export async function addApproval(
  db: Db,
  id: string,
  userId: string,
  now: number,
): Promise<AddApprovalResult> {
  return withTx(db, async (tx): Promise<AddApprovalResult> => {
    const row = await queryOne(tx, 'SELECT * FROM approvals WHERE id = $1 FOR NO KEY UPDATE', [id]);
    if (!row) return { ok: false, reason: 'not_found' };
    if (row.status !== 'pending' || num(row.expires_at) <= now) {
      return { ok: false, ...(await refusal(tx, id, now)) };
    }
    if (row.requester === userId) return { ok: false, reason: 'self_approval', approval: await one(tx, row) };
    const inserted = await execute(
      tx,
      `INSERT INTO approval_votes (approval_id, user_id, at, seq)
       VALUES ($1, $2, $3, (SELECT COALESCE(MAX(seq), 0) + 1 FROM approval_votes WHERE approval_id = $1))
       ON CONFLICT (approval_id, user_id) DO NOTHING`,
      [id, userId, now],
    );
    if (inserted === 0) return { ok: false, reason: 'duplicate', approval: await one(tx, row) };
    const votes = await queryOne(tx, 'SELECT COUNT(*) AS n FROM approval_votes WHERE approval_id = $1', [id]);
    let complete = false;
    if (num(votes?.n) >= num(row.required_approvals)) {
      complete =
        (await execute(
          tx,
          `UPDATE approvals SET status = 'approved', decided_by = $1, decided_at = $2, updated_at = $2
           WHERE id = $3 AND status = 'pending'`,
          [userId, now, id],
        )) === 1;
    } else {
      await execute(tx, 'UPDATE approvals SET updated_at = $1 WHERE id = $2', [now, id]);
    }
    return { ok: true, complete, approval: (await getApproval(tx, id))! };
  });
}

export async function rejectApproval(
  db: Db,
  id: string,
  args: ApprovalDecisionArgs,
): Promise<ApprovalTransitionResult> {
  const row = await queryOne(
    db,
    `UPDATE approvals SET status = 'rejected', decided_by = $1, decided_at = $2, decision_note = $3, updated_at = $2
     WHERE id = $4 AND status = 'pending' AND expires_at > $2 RETURNING *`,
    [args.by, args.now, args.note ?? null, id],
  );
  if (row) return { ok: true, approval: await one(db, row) };
  return { ok: false, ...(await refusal(db, id, args.now)) };
}

export async function cancelApproval(
  db: Db,
  id: string,
  args: ApprovalDecisionArgs,
): Promise<ApprovalTransitionResult> {
  const row = await queryOne(
    db,
    `UPDATE approvals SET status = 'cancelled', decided_by = $1, decided_at = $2, decision_note = $3, updated_at = $2
     WHERE id = $4 AND status IN ('pending', 'approved') AND requester = $1 RETURNING *`,
    [args.by, args.now, args.note ?? null, id],
  );
  if (row) return { ok: true, approval: await one(db, row) };
  const current = await getApproval(db, id);
  if (!current) return { ok: false, reason: 'not_found' };
  if (current.status !== 'pending' && current.status !== 'approved') {
    return { ok: false, reason: 'not_pending', approval: current };
  }
  return { ok: false, reason: 'not_requester', approval: current };
}

/** Each expired request is returned by exactly one caller: the UPDATE's row lock decides. */
export async function expireApprovals(db: Db, now: number): Promise<Approval[]> {
  const rows = await query(
    db,
    `UPDATE approvals SET status = 'expired', decided_at = $1, updated_at = $1
     WHERE status = 'pending' AND expires_at <= $1 RETURNING *`,
    [now],
  );
  rows.sort((a, b) => num(a.created_at) - num(b.created_at) || str(a.id).localeCompare(str(b.id)));
  return withVotes(db, rows);
}

/** One conditional status move; true only for the caller whose UPDATE changed the row. */
export async function moveApproval(
  db: Db,
  id: string,
  from: readonly ApprovalStatus[],
  to: ApprovalStatus,
  now: number,
  extra: { jobId?: string | null; error?: string } = {},
): Promise<boolean> {
  const changed = await execute(
    db,
    `UPDATE approvals SET status = $1, updated_at = $2,
       job_id = COALESCE($3, job_id), error = COALESCE($4, error)
     WHERE id = $5 AND status = ANY($6::text[])`,
    [to, now, extra.jobId ?? null, extra.error ?? null, id, [...from]],
  );
  return changed === 1;
}

export async function setApprovalMessage(db: Db, id: string, channel: string, ts: string): Promise<boolean> {
  return (
    (await execute(db, 'UPDATE approvals SET channel = $1, message_ts = $2 WHERE id = $3', [
      channel,
      ts,
      id,
    ])) === 1
  );
}
