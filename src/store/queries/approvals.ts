import { randomUUID } from 'node:crypto';
import { toJson } from '../mapping/row-values.js';
import type { AddApprovalResult, ApprovalTransitionResult, StoreTx } from '../store.js';
import { closing, get, move, one, refusal, withVotes } from './approval-rows.js';
import { changed, inTransaction, type QueryContext } from './context.js';
import { releaseLocksOf } from './locks.js';

type ApprovalQueries = Pick<
  StoreTx,
  | 'createApproval'
  | 'getApproval'
  | 'listPendingApprovals'
  | 'addApproval'
  | 'rejectApproval'
  | 'cancelApproval'
  | 'expireApprovals'
  | 'markApprovalExecuting'
  | 'markApprovalExecuted'
  | 'markApprovalFailed'
  | 'setApprovalMessage'
  | 'listDueApprovals'
  | 'listApprovalsLeftExecuting'
  | 'scheduleApprovalRun'
  | 'markApprovalRun'
>;

export function approvalQueries(ctx: QueryContext): ApprovalQueries {
  const { db } = ctx;
  return {
    async createApproval(input) {
      const createdAt = input.createdAt ?? ctx.now();
      const row = await db
        .insertInto('approvals')
        .values({
          id: input.id ?? randomUUID(),
          requester: input.requester,
          action_kind: input.actionKind,
          target: input.target,
          payload: toJson(input.payload),
          reason: input.reason,
          channel: input.channel,
          status: 'pending',
          required_approvals: input.requiredApprovals,
          created_at: createdAt,
          expires_at: input.expiresAt,
          updated_at: createdAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return one(ctx, row);
    },

    getApproval: (id) => get(ctx, id),

    async listPendingApprovals() {
      const rows = await db
        .selectFrom('approvals')
        .selectAll()
        .where('status', '=', 'pending')
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return withVotes(ctx, rows);
    },

    /**
     * One transaction that first reads the request's row locked (PostgreSQL: FOR NO KEY UPDATE;
     * SQLite: the immediate transaction): votes on one request queue behind each other, each sees
     * the status the previous one left, the vote row's primary key refuses duplicates, and only the
     * vote reaching the quorum completes it.
     */
    addApproval: (id, userId, now) =>
      inTransaction(ctx, async (tx): Promise<AddApprovalResult> => {
        const row = await tx.engine
          .lockRow(tx.db.selectFrom('approvals').selectAll().where('id', '=', id))
          .executeTakeFirst();
        if (!row) return { ok: false, reason: 'not_found' };
        if (row.status !== 'pending' || row.expires_at <= now) {
          return { ok: false, ...(await refusal(tx, id, now)) };
        }
        if (row.requester === userId)
          return { ok: false, reason: 'self_approval', approval: await one(tx, row) };
        // Votes on this request wait for the row lock above, so the next seq is safe to read here.
        const { last } = await tx.db
          .selectFrom('approval_votes')
          .select((eb) => eb.fn.coalesce(eb.fn.max('seq'), eb.lit(0)).as('last'))
          .where('approval_id', '=', id)
          .executeTakeFirstOrThrow();
        const inserted = await tx.db
          .insertInto('approval_votes')
          .values({ approval_id: id, user_id: userId, at: now, seq: Number(last) + 1 })
          .onConflict((oc) => oc.columns(['approval_id', 'user_id']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
          return { ok: false, reason: 'duplicate', approval: await one(tx, row) };
        }
        const { votes } = await tx.db
          .selectFrom('approval_votes')
          .select((eb) => eb.fn.countAll<number>().as('votes'))
          .where('approval_id', '=', id)
          .executeTakeFirstOrThrow();
        let complete = false;
        if (Number(votes) >= row.required_approvals) {
          const done = await tx.db
            .updateTable('approvals')
            .set({ status: 'approved', decided_by: userId, decided_at: now, updated_at: now, run_at: now })
            .where('id', '=', id)
            .where('status', '=', 'pending')
            .executeTakeFirst();
          complete = changed(done) === 1;
        } else {
          await tx.db.updateTable('approvals').set({ updated_at: now }).where('id', '=', id).execute();
        }
        return { ok: true, complete, approval: (await get(tx, id))! };
      }),

    rejectApproval: (id, args) =>
      inTransaction(ctx, async (tx): Promise<ApprovalTransitionResult> => {
        const row = await tx.db
          .updateTable('approvals')
          .set({
            status: 'rejected',
            decided_by: args.by,
            decided_at: args.now,
            decision_note: args.note ?? null,
            updated_at: args.now,
          })
          .where('id', '=', id)
          .where('status', '=', 'pending')
          .where('expires_at', '>', args.now)
          .returningAll()
          .executeTakeFirst();
        if (row) return closing(tx, id, { ok: true as const, approval: await one(tx, row) });
        return { ok: false, ...(await refusal(tx, id, args.now)) };
      }),

    cancelApproval: (id, args) =>
      inTransaction(ctx, async (tx): Promise<ApprovalTransitionResult> => {
        const row = await tx.db
          .updateTable('approvals')
          .set({
            status: 'cancelled',
            decided_by: args.by,
            decided_at: args.now,
            decision_note: args.note ?? null,
            updated_at: args.now,
          })
          .where('id', '=', id)
          .where('status', 'in', args.asApprover ? ['approved'] : ['pending', 'approved'])
          .$if(!args.asApprover, (q) => q.where('requester', '=', args.by))
          .returningAll()
          .executeTakeFirst();
        if (row) return closing(tx, id, { ok: true as const, approval: await one(tx, row) });
        const current = await get(tx, id);
        if (!current) return { ok: false, reason: 'not_found' };
        if (current.status !== 'pending' && current.status !== 'approved') {
          return { ok: false, reason: 'not_pending', approval: current };
        }
        return { ok: false, reason: 'not_requester', approval: current };
      }),

    /** Each expired request is returned by exactly one caller: the UPDATE's row lock decides. */
    expireApprovals: (now) =>
      inTransaction(ctx, async (tx) => {
        const rows = await tx.db
          .updateTable('approvals')
          .set({ status: 'expired', decided_at: now, updated_at: now })
          .where('status', '=', 'pending')
          .where('expires_at', '<=', now)
          .returningAll()
          .execute();
        rows.sort((a, b) => a.created_at - b.created_at || a.id.localeCompare(b.id));
        for (const row of rows) await releaseLocksOf(tx, `approval:${row.id}`);
        return withVotes(tx, rows);
      }),

    markApprovalExecuting: (id, now = ctx.now()) => move(ctx, id, ['approved'], 'executing', now),
    markApprovalExecuted: (id, jobId, now = ctx.now()) =>
      move(ctx, id, ['executing'], 'executed', now, { jobId }),
    markApprovalFailed: (id, error, now = ctx.now()) =>
      inTransaction(ctx, async (tx) =>
        closing(tx, id, await move(tx, id, ['approved', 'executing'], 'failed', now, { error })),
      ),

    async listApprovalsLeftExecuting() {
      const rows = await db
        .selectFrom('approvals')
        .selectAll()
        .where('status', '=', 'executing')
        .orderBy('updated_at')
        .execute();
      return withVotes(ctx, rows);
    },

    async listDueApprovals(now) {
      const rows = await db
        .selectFrom('approvals')
        .selectAll()
        .where('status', '=', 'approved')
        .where('run_at', '<=', now)
        .orderBy('run_at')
        .orderBy('id')
        .execute();
      return withVotes(ctx, rows);
    },

    async scheduleApprovalRun(id, runAt) {
      const result = await db
        .updateTable('approvals')
        .set({ run_at: runAt })
        .where('id', '=', id)
        .where('status', '=', 'approved')
        .executeTakeFirst();
      return changed(result) === 1;
    },

    markApprovalRun: (id, args) =>
      inTransaction(ctx, async (tx) => {
        const result = await tx.db
          .updateTable('approvals')
          .set({ status: 'executed', operation_id: args.operationId, updated_at: args.now })
          .where('id', '=', id)
          .where('status', '=', 'approved')
          .executeTakeFirst();
        return closing(tx, id, changed(result) === 1);
      }),

    async setApprovalMessage(id, channel, ts) {
      const result = await db
        .updateTable('approvals')
        .set({ channel, message_ts: ts })
        .where('id', '=', id)
        .executeTakeFirst();
      return changed(result) === 1;
    },
  };
}
