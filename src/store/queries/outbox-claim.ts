import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { OutboxKind } from '../records.js';
import type { Database } from '../schema.js';
import type { StoreTx } from '../store.js';
import { inTransaction, type QueryContext } from './context.js';
import {
  type Buckets,
  blockedAt,
  channelBucket,
  nextReadyAfter,
  pauseBucket,
  readBuckets,
  take,
  writeBuckets,
} from './delivery-budget.js';

type ClaimQueries = Pick<StoreTx, 'claimDueMessages' | 'pauseDelivery' | 'nextDeliveryAt'>;

/** Serialises claims that draw on the shared budget across replicas (PostgreSQL advisory lock). */
const budgetLock = 'outbox:delivery-budget';

/**
 * The ts a 'follow' message hangs on: its operation's root message (for an approved request, the
 * request's own message), else its approval's or review's.
 */
function anchorTs(eb: ExpressionBuilder<Database, 'outbox'>) {
  return eb.fn.coalesce(
    eb.selectFrom('operations').select('root_ts').whereRef('operations.id', '=', 'outbox.operation_id'),
    eb
      .selectFrom('approvals')
      .select('message_ts')
      .whereRef('approvals.operation_id', '=', 'outbox.operation_id'),
    eb.selectFrom('approvals').select('message_ts').whereRef('approvals.id', '=', 'outbox.approval_id'),
    eb.selectFrom('after_reviews').select('message_ts').whereRef('after_reviews.id', '=', 'outbox.review_id'),
  );
}

const allKinds: readonly OutboxKind[] = ['post', 'update', 'ephemeral'];

/** Whether a message of m's order group (or coalesce key) enqueued before m is still pending. */
function earlierPending(
  eb: ExpressionBuilder<Database & { m: Database['outbox'] }, 'm'>,
  key: 'order_key' | 'coalesce_key',
) {
  return eb.exists(
    eb
      .selectFrom('outbox as e')
      .select(sql.lit(1).as('one'))
      .whereRef(`e.${key}`, '=', `m.${key}`)
      .where('e.status', '=', 'pending')
      .whereRef('e.seq', '<', 'm.seq'),
  );
}

/** Pending messages that may be handed out now, before budget and kind (see claimQueries). */
function claimable(db: Kysely<Database>, now: number) {
  return db
    .selectFrom('outbox as m')
    .select(['m.seq', 'm.kind', 'm.channel', 'm.priority', 'm.created_at'])
    .where('m.status', '=', 'pending')
    .where('m.next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('m.lease_owner', 'is', null), eb('m.lease_expires_at', '<=', now)]))
    .where((eb) => eb.not(earlierPending(eb, 'order_key')))
    .where((eb) => eb.or([eb('m.coalesce_key', 'is', null), eb.not(earlierPending(eb, 'coalesce_key'))]))
    .where(({ or, and, eb, not, exists, selectFrom }) =>
      or([
        eb('m.anchor', 'is', null),
        eb('m.anchor', '<>', 'follow'),
        eb('m.operation_id', 'is', null),
        and([
          not(
            exists(
              selectFrom('outbox as r')
                .select(sql.lit(1).as('one'))
                .where('r.status', '=', 'pending')
                .where('r.anchor', '=', 'root')
                .whereRef('r.operation_id', '=', 'm.operation_id'),
            ),
          ),
          // An approved request's operation hangs on the request's message: wait while it is unsent.
          not(
            exists(
              selectFrom('outbox as q')
                .innerJoin('approvals as p', 'p.id', 'q.approval_id')
                .select(sql.lit(1).as('one'))
                .where('q.status', '=', 'pending')
                .where('q.anchor', '=', 'root')
                .where('q.operation_id', 'is', null)
                .whereRef('p.operation_id', '=', 'm.operation_id'),
            ),
          ),
        ]),
      ]),
    )
    .where(({ or, eb, not, exists, selectFrom }) =>
      or([
        eb('m.anchor', 'is', null),
        eb('m.anchor', '<>', 'follow'),
        eb('m.operation_id', 'is not', null),
        eb('m.approval_id', 'is', null),
        not(
          exists(
            selectFrom('outbox as a')
              .select(sql.lit(1).as('one'))
              .where('a.status', '=', 'pending')
              .where('a.anchor', '=', 'root')
              .where('a.operation_id', 'is', null)
              .whereRef('a.approval_id', '=', 'm.approval_id'),
          ),
        ),
      ]),
    );
}

/**
 * A message is handed out only when
 * - no earlier message of its order group is still pending (a thread gets its messages in order),
 * - no earlier message of its coalesce key is still pending (edits of one message go one at a time),
 * - for a 'follow' message, its anchor's root message is no longer pending (an edit needs the ts),
 * - its delivery buckets allow a send now (when a budget is given).
 * Among those, the highest priority goes first, then the oldest. Every bucket a handed-out message
 * draws on is charged in the same transaction, so replicas never add up past the budget.
 */
export function claimQueries(ctx: QueryContext): ClaimQueries {
  return {
    claimDueMessages: (args) =>
      inTransaction(ctx, async ({ db, engine, map }) => {
        const budget = args.budget ?? null;
        if (budget) await engine.lockOrderGroup(db, budgetLock);
        const buckets: Buckets = budget ? await readBuckets(db, budget, args.now) : new Map();
        const blocked: ReturnType<typeof blockedAt> = budget
          ? blockedAt(buckets, budget, args.now)
          : { kinds: [], channels: new Map() };
        const limit = Math.max(0, args.limit);
        // One query per kind that may send at all (a kind whose workspace bucket is spent is not
        // looked at): each walks its own index in priority order and stops at its limit.
        const kinds = allKinds.filter((k) => !blocked.kinds.includes(k));
        const perKind = await Promise.all(
          kinds.map((kind) =>
            engine
              .skipLocked(
                claimable(db, args.now)
                  .where('m.kind', '=', kind)
                  .$if((blocked.channels.get(kind)?.length ?? 0) > 0, (qb) =>
                    qb.where('m.channel', 'not in', blocked.channels.get(kind) ?? []),
                  )
                  .orderBy('m.priority')
                  .orderBy('m.created_at')
                  .orderBy('m.seq')
                  // With a budget some candidates may find their bucket spent by those before them.
                  .limit(budget ? limit * 4 : limit),
              )
              .execute(),
          ),
        );
        const candidates = perKind
          .flat()
          .sort((x, y) => x.priority - y.priority || x.created_at - y.created_at || x.seq - y.seq);
        const changed = new Set<string>();
        const chosen: number[] = [];
        for (const c of candidates) {
          if (chosen.length >= limit) break;
          const message = { kind: c.kind as OutboxKind, channel: c.channel };
          if (budget && !take(buckets, budget, message, args.now, changed)) continue;
          chosen.push(Number(c.seq));
        }
        if (budget) await writeBuckets(db, buckets, changed);
        if (chosen.length === 0) return [];
        const rows = await db
          .updateTable('outbox')
          .set((eb) => ({
            lease_owner: args.owner,
            lease_expires_at: args.now + args.leaseMs,
            attempts: eb('attempts', '+', 1),
            // Still leased to someone whose lease ran out: that attempt's answer was never recorded.
            maybe_delivered: eb
              .case()
              .when('lease_owner', 'is not', null)
              .then(1)
              .else(eb.ref('maybe_delivered'))
              .end(),
            thread_ts: eb
              .case()
              .when(
                eb.and([
                  eb('anchor', '=', 'follow'),
                  eb('kind', '<>', 'update'),
                  eb('thread_ts', 'is', null),
                ]),
              )
              .then(anchorTs(eb))
              .else(eb.ref('thread_ts'))
              .end(),
            target_ts: eb
              .case()
              .when(
                eb.and([eb('anchor', '=', 'follow'), eb('kind', '=', 'update'), eb('target_ts', 'is', null)]),
              )
              .then(anchorTs(eb))
              .else(eb.ref('target_ts'))
              .end(),
          }))
          .where('seq', 'in', chosen)
          .returningAll()
          .execute();
        rows.sort((a, b) => a.priority - b.priority || a.created_at - b.created_at || a.seq - b.seq);
        return rows.map(map.toMessage);
      }),

    pauseDelivery: (args) =>
      inTransaction(ctx, ({ db, now }) =>
        pauseBucket(db, channelBucket(args.kind, args.channel), args.until, now()),
      ),

    /** The earliest time after `now` a pending message may become sendable (null: nothing pending waits). */
    async nextDeliveryAt(args) {
      const { db } = ctx;
      const retry = await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.min('next_attempt_at').as('at'))
        .where('status', '=', 'pending')
        .where('next_attempt_at', '>', args.now)
        .executeTakeFirst();
      const times = [retry?.at === null || retry?.at === undefined ? null : Number(retry.at)];
      if (args.budget)
        times.push(nextReadyAfter(await readBuckets(db, args.budget, args.now), args.budget, args.now));
      const known = times.filter((t): t is number => t !== null);
      return known.length > 0 ? Math.min(...known) : null;
    },
  };
}
