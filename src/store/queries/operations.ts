import { randomUUID } from 'node:crypto';
import type { Updateable } from 'kysely';
import { AppError } from '../../errors.js';
import { operationPatchColumns } from '../mapping/record-mappers.js';
import { toJson } from '../mapping/row-values.js';
import type { NewOutboxMessage, OperationPatch, TrackedOperation } from '../records.js';
import type { OperationsTable } from '../schema.js';
import type { StoreTx } from '../store.js';
import { auditQueries } from './audit.js';
import { changed, inTransaction, type QueryContext } from './context.js';
import { releaseLocksOf } from './locks.js';
import { operationEndAudit } from './operation-audit.js';
import { insertMessage } from './outbox.js';

type OperationQueries = Pick<
  StoreTx,
  | 'createOperation'
  | 'getOperation'
  | 'findOperationByJobId'
  | 'listActiveOperations'
  | 'claimDueOperations'
  | 'updateOperation'
  | 'extendLease'
  | 'recordPoll'
  | 'completeOperation'
  | 'resumePausedOperation'
  | 'releaseLease'
  | 'nextClaimableAt'
>;

/** The outcome a finished state stands for when the caller names none. */
const outcomeOf = { done: 'completed', failed: 'failed', gave_up: 'gave_up' } as const;

const byNextPoll = (a: TrackedOperation, b: TrackedOperation) =>
  a.nextPollAt - b.nextPollAt || a.startedAt - b.startedAt || a.id.localeCompare(b.id);

/** The columns for the fields present in `patch` (absent fields stay as they are). */
function patchColumns(patch: OperationPatch, now: number): Updateable<OperationsTable> {
  const set: Record<string, unknown> = {};
  const withTime: OperationPatch = { ...patch, updatedAt: patch.updatedAt ?? now };
  for (const [key, column] of Object.entries(operationPatchColumns) as [keyof OperationPatch, string][]) {
    const value = withTime[key];
    if (value !== undefined) set[column] = key === 'meta' ? toJson(value) : value;
  }
  return set as Updateable<OperationsTable>;
}

async function enqueueAll(tx: QueryContext, operationId: string, messages: readonly NewOutboxMessage[]) {
  for (const message of messages)
    await insertMessage(tx, { ...message, operationId: message.operationId ?? operationId });
}

/** Applies `patch` only while `owner` holds the lease; `release` also frees the lease. */
async function update(
  ctx: QueryContext,
  id: string,
  owner: string,
  patch: OperationPatch,
  release: boolean,
): Promise<boolean> {
  const result = await ctx.db
    .updateTable('operations')
    .set({
      ...patchColumns(patch, ctx.now()),
      ...(release ? { lease_owner: null, lease_expires_at: null } : {}),
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return changed(result) === 1;
}

export function operationQueries(ctx: QueryContext): OperationQueries {
  const { db, map } = ctx;
  const find = async (column: 'id' | 'job_id', value: string, provider?: string) => {
    let query = db.selectFrom('operations').selectAll().where(column, '=', value);
    if (provider !== undefined) query = query.where('provider', '=', provider);
    const row = await query.executeTakeFirst();
    return row ? map.toOperation(row) : null;
  };
  return {
    /** The operation and its first messages in one transition; a tracked (provider, job) is refused. */
    async createOperation(input, options = {}) {
      const id = input.id ?? randomUUID();
      const startedAt = input.startedAt ?? ctx.now();
      try {
        return await inTransaction(ctx, async (tx) => {
          const row = await tx.db
            .insertInto('operations')
            .values({
              id,
              provider: input.provider,
              target_id: input.targetId,
              target_name: input.targetName,
              action: input.action,
              requester: input.requester,
              correlation_id: input.correlationId,
              job_id: input.jobId ?? null,
              poll_url: input.pollUrl ?? null,
              channel: input.channel,
              root_ts: input.rootTs ?? null,
              status: input.status ?? null,
              started_at: startedAt,
              updated_at: startedAt,
              next_poll_at: input.nextPollAt ?? startedAt,
              state: 'active',
              expected_duration_ms: input.expectedDurationMs ?? null,
              meta: toJson(input.meta ?? {}),
              phase: input.phase ?? 'following',
              lease_owner: input.lease?.owner ?? null,
              lease_expires_at: input.lease?.expiresAt ?? null,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await enqueueAll(tx, id, options.messages ?? []);
          return map.toOperation(row);
        });
      } catch (error) {
        if (ctx.engine.isUniqueViolation(error) && input.jobId) {
          throw new AppError('operation_exists', `${input.provider} job ${input.jobId} is already tracked`, {
            cause: error,
          });
        }
        throw error;
      }
    },

    getOperation: (id) => find('id', id),
    findOperationByJobId: (provider, jobId) => find('job_id', jobId, provider),

    async listActiveOperations() {
      const rows = await db
        .selectFrom('operations')
        .selectAll()
        .where('state', '=', 'active')
        .orderBy('next_poll_at')
        .orderBy('started_at')
        .orderBy('id')
        .execute();
      return rows.map(map.toOperation);
    },

    /**
     * One UPDATE over the due rows: PostgreSQL replicas claiming at once pass over each other's
     * candidates (skipLocked), and a row another replica has just leased is re-checked on its new
     * version (lease held) and dropped. A crashed replica's lease simply expires.
     */
    async claimDueOperations(args) {
      const due = ctx.engine.skipLocked(
        db
          .selectFrom('operations')
          .select('id')
          .where('state', '=', 'active')
          .where('next_poll_at', '<=', args.now)
          .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_expires_at', '<=', args.now)]))
          .orderBy('next_poll_at')
          .orderBy('started_at')
          .orderBy('id')
          .limit(Math.max(0, args.limit)),
      );
      const rows = await db
        .updateTable('operations')
        .set({ lease_owner: args.owner, lease_expires_at: args.now + args.leaseMs })
        .where('id', 'in', due)
        .returningAll()
        .execute();
      return rows.map(map.toOperation).sort(byNextPoll);
    },

    updateOperation: (id, owner, patch) => update(ctx, id, owner, patch, false),

    async extendLease(id, owner, args) {
      const result = await db
        .updateTable('operations')
        .set({ lease_expires_at: args.now + args.leaseMs })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('state', '=', 'active')
        .executeTakeFirst();
      return changed(result) === 1;
    },

    recordPoll: (id, owner, patch, messages = []) =>
      inTransaction(ctx, async (tx) => {
        if (!(await update(tx, id, owner, patch, true))) return false;
        await enqueueAll(tx, id, messages);
        return true;
      }),

    completeOperation: (id, owner, args, messages = []) =>
      inTransaction(ctx, async (tx) => {
        const result = await tx.db
          .updateTable('operations')
          .set((eb) => ({
            state: args.state,
            outcome: args.outcome ?? outcomeOf[args.state],
            status: args.status,
            terminal_at: args.at,
            updated_at: args.at,
            last_error: eb.fn.coalesce(eb.val(args.lastError ?? null), eb.ref('last_error')),
            lease_owner: null,
            lease_expires_at: null,
            ...(args.jobStartedAt !== undefined ? { job_started_at: args.jobStartedAt } : {}),
            ...(args.jobFinishedAt !== undefined ? { job_finished_at: args.jobFinishedAt } : {}),
          }))
          .where('id', '=', id)
          .where('lease_owner', '=', owner)
          .where('state', '=', 'active')
          .returningAll()
          .executeTakeFirst();
        if (!result) return false;
        await releaseLocksOf(tx, `operation:${id}`);
        await enqueueAll(tx, id, messages);
        // How a followed job ended is part of the trail. An operation that ends while still
        // 'calling' (refused, or a hostname answered at once) was audited with its answer.
        const ended = tx.map.toOperation(result);
        if (ended.phase !== 'calling') await auditQueries(tx).appendAudit(operationEndAudit(ended, args));
        return true;
      }),

    async nextClaimableAt() {
      const row = await db
        .selectFrom('operations')
        .select((eb) =>
          eb.fn
            .min(
              eb
                .case()
                .when(
                  eb.and([
                    eb('lease_owner', 'is not', null),
                    eb('lease_expires_at', '>', eb.ref('next_poll_at')),
                  ]),
                )
                .then(eb.ref('lease_expires_at'))
                .else(eb.ref('next_poll_at'))
                .end(),
            )
            .as('at'),
        )
        .where('state', '=', 'active')
        .executeTakeFirst();
      return row?.at === null || row?.at === undefined ? null : Number(row.at);
    },

    /** Only the first decision moves it: the row must still be paused, with nobody holding it. */
    async resumePausedOperation(id, args) {
      const result = await db
        .updateTable('operations')
        .set({ phase: 'next_call', next_poll_at: args.now, updated_at: args.now, meta: toJson(args.meta) })
        .where('id', '=', id)
        .where('state', '=', 'active')
        .where('phase', '=', 'paused')
        .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_expires_at', '<=', args.now)]))
        .executeTakeFirst();
      return changed(result) === 1;
    },

    /** Hands back every operation and outbox lease `owner` holds (graceful stop). */
    releaseLease: (owner) =>
      inTransaction(ctx, async ({ db }) => {
        const operations = await db
          .updateTable('operations')
          .set({ lease_owner: null, lease_expires_at: null })
          .where('lease_owner', '=', owner)
          .executeTakeFirst();
        // Handed back without an answer recorded: Slack may have them, so a redelivery looks first.
        const messages = await db
          .updateTable('outbox')
          .set({ lease_owner: null, lease_expires_at: null, maybe_delivered: 1 })
          .where('lease_owner', '=', owner)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        return changed(operations) + changed(messages);
      }),
  };
}
