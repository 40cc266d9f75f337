import type { Selectable } from 'kysely';
import { toVote } from '../mapping/record-mappers.js';
import type { Approval, ApprovalVote } from '../records.js';
import type { ApprovalsTable } from '../schema.js';
import type { ApprovalRefusal } from '../store.js';
import { changed, type QueryContext } from './context.js';
import { releaseLocksOf } from './locks.js';

/** Reading approvals with their votes, and the conditional moves every transition is made of. */

export type ApprovalRow = Selectable<ApprovalsTable>;

/** Reads the votes of every row in one query and builds the approvals, in the rows' order. */
export async function withVotes(ctx: QueryContext, rows: readonly ApprovalRow[]): Promise<Approval[]> {
  if (rows.length === 0) return [];
  const votes = await ctx.db
    .selectFrom('approval_votes')
    .select(['approval_id', 'user_id', 'at'])
    .where(
      'approval_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('seq')
    .execute();
  const byApproval = new Map<string, ApprovalVote[]>();
  for (const vote of votes) {
    const list = byApproval.get(vote.approval_id) ?? [];
    list.push(toVote(vote));
    byApproval.set(vote.approval_id, list);
  }
  return rows.map((row) => ctx.map.toApproval(row, byApproval.get(row.id) ?? []));
}

export async function one(ctx: QueryContext, row: ApprovalRow): Promise<Approval> {
  return (await withVotes(ctx, [row]))[0]!;
}

export async function get(ctx: QueryContext, id: string): Promise<Approval | null> {
  const row = await ctx.db.selectFrom('approvals').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? one(ctx, row) : null;
}

/** Why a pending-only transition did not happen; marks a request found past its expiry. */
export async function refusal(
  ctx: QueryContext,
  id: string,
  now: number,
): Promise<{ reason: ApprovalRefusal; approval?: Approval }> {
  const current = await get(ctx, id);
  if (!current) return { reason: 'not_found' };
  if (current.status === 'expired') return { reason: 'expired', approval: current };
  if (current.status !== 'pending') return { reason: 'not_pending', approval: current };
  if (current.expiresAt <= now) {
    const expired = await ctx.db
      .updateTable('approvals')
      .set({ status: 'expired', decided_at: now, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
    if (expired) return { reason: 'expired', approval: await one(ctx, expired) };
    return refusal(ctx, id, now);
  }
  return { reason: 'not_pending', approval: current };
}

/** One conditional status move; true only for the caller whose UPDATE changed the row. */
export async function move(
  ctx: QueryContext,
  id: string,
  from: readonly Approval['status'][],
  to: Approval['status'],
  now: number,
  extra: { jobId?: string | null; error?: string } = {},
): Promise<boolean> {
  const result = await ctx.db
    .updateTable('approvals')
    .set((eb) => ({
      status: to,
      updated_at: now,
      job_id: eb.fn.coalesce(eb.val(extra.jobId ?? null), eb.ref('job_id')),
      error: eb.fn.coalesce(eb.val(extra.error ?? null), eb.ref('error')),
    }))
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return changed(result) === 1;
}

/** The request's server lock ends when it closes; `closed` says whether it did. */
export async function closing<T extends { ok: boolean } | boolean>(
  ctx: QueryContext,
  id: string,
  closed: T,
): Promise<T> {
  const ok = typeof closed === 'boolean' ? closed : closed.ok;
  if (ok) await releaseLocksOf(ctx, `approval:${id}`);
  return closed;
}
