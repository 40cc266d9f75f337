import type { Kysely } from 'kysely';
import type { DeliveryBudget, DeliveryRule, OutboxKind } from '../records.js';
import type { Database } from '../schema.js';

/**
 * The outbox's token buckets, kept in the database so every replica draws on the same ones. Each
 * bucket is a GCRA (generic cell rate algorithm, the token bucket written as one time): a send may
 * go at `now` when `tat − tolerance ≤ now`, and moves `tat` to `max(tat, now) + interval`, where
 * interval = 60 000 / perMinute and tolerance = (burst − 1) · interval. A 429 sets `paused_until`.
 *
 * Bucket keys: `<kind>:<channel>` for a per-channel rule (and for a pause, which is always per
 * channel: a 429 on one channel holds only that channel back), `<kind>:*` for a workspace rule.
 */

export interface BucketState {
  tat: number;
  pausedUntil: number;
}

export type Buckets = Map<string, BucketState>;

const intervalOf = (rule: DeliveryRule) => 60_000 / rule.perMinute;
const toleranceOf = (rule: DeliveryRule) => (Math.max(1, rule.burst) - 1) * intervalOf(rule);

export function channelBucket(kind: OutboxKind, channel: string): string {
  return `${kind}:${channel}`;
}

/** Each bucket a message of `kind` in `channel` draws on, with its rule (null: only pauses). */
function bucketsFor(
  budget: DeliveryBudget,
  kind: OutboxKind,
  channel: string,
): { key: string; rule: DeliveryRule | null }[] {
  const rules = budget[kind] ?? [];
  const perChannel = rules.find((r) => r.per === 'channel') ?? null;
  return [
    { key: channelBucket(kind, channel), rule: perChannel },
    ...rules.filter((r) => r.per === 'workspace').map((rule) => ({ key: `${kind}:*`, rule })),
  ];
}

/** When the bucket lets the next send go (≤ now: at once). */
function readyAt(state: BucketState | undefined, rule: DeliveryRule | null): number {
  if (!state) return Number.NEGATIVE_INFINITY;
  return Math.max(state.pausedUntil, rule ? state.tat - toleranceOf(rule) : Number.NEGATIVE_INFINITY);
}

/** When a message of `kind` in `channel` could go, by the buckets alone (≤ now: at once). */
export function sendableAt(
  buckets: Buckets,
  budget: DeliveryBudget,
  kind: OutboxKind,
  channel: string,
): number {
  return Math.max(...bucketsFor(budget, kind, channel).map((b) => readyAt(buckets.get(b.key), b.rule)));
}

/** Takes one send from every bucket of the message if all allow it now; false (nothing taken) otherwise. */
export function take(
  buckets: Buckets,
  budget: DeliveryBudget,
  message: { kind: OutboxKind; channel: string },
  now: number,
  changed: Set<string>,
): boolean {
  if (sendableAt(buckets, budget, message.kind, message.channel) > now) return false;
  for (const { key, rule } of bucketsFor(budget, message.kind, message.channel)) {
    if (!rule) continue;
    const state = buckets.get(key) ?? { tat: now, pausedUntil: 0 };
    buckets.set(key, { ...state, tat: Math.max(state.tat, now) + intervalOf(rule) });
    changed.add(key);
  }
  return true;
}

/**
 * What holds sends back at `now`: kinds whose workspace bucket is empty and, per kind, the channels
 * whose own bucket is empty or paused (the claim's query skips their messages).
 */
export function blockedAt(
  buckets: Buckets,
  budget: DeliveryBudget,
  now: number,
): { kinds: OutboxKind[]; channels: Map<OutboxKind, string[]> } {
  const kinds: OutboxKind[] = [];
  const channels = new Map<OutboxKind, string[]>();
  for (const [key, state] of buckets) {
    const split = key.indexOf(':');
    const kind = key.slice(0, split) as OutboxKind;
    const scope = key.slice(split + 1);
    const rules = budget[kind] ?? [];
    if (scope === '*') {
      const rule = rules.find((r) => r.per === 'workspace');
      if (rule && readyAt(state, rule) > now) kinds.push(kind);
      continue;
    }
    if (readyAt(state, rules.find((r) => r.per === 'channel') ?? null) > now) {
      channels.set(kind, [...(channels.get(kind) ?? []), scope]);
    }
  }
  return { kinds, channels };
}

/** The earliest time after `now` a bucket that holds sends back lets one go (null: none does). */
export function nextReadyAfter(buckets: Buckets, budget: DeliveryBudget, now: number): number | null {
  let next: number | null = null;
  for (const [key, state] of buckets) {
    const split = key.indexOf(':');
    const kind = key.slice(0, split) as OutboxKind;
    const rules = budget[kind] ?? [];
    const rule = rules.find((r) => r.per === (key.endsWith(':*') ? 'workspace' : 'channel')) ?? null;
    const at = readyAt(state, rule);
    if (at > now && (next === null || at < next)) next = at;
  }
  return next;
}

/**
 * The buckets that may still hold a send back at `now`: a bucket whose `tat` is a full burst
 * behind `now` is as good as new, so old rows of quiet channels are not read at all.
 */
export async function readBuckets(
  db: Kysely<Database>,
  budget: DeliveryBudget,
  now: number,
): Promise<Buckets> {
  const widest = Math.max(
    0,
    ...Object.values(budget).flatMap((rules) => (rules ?? []).map((r) => toleranceOf(r) + intervalOf(r))),
  );
  const rows = await db
    .selectFrom('delivery_budget')
    .selectAll()
    .where((eb) =>
      eb.or([eb('tat', '>', Math.floor(now - widest)), eb('paused_until', '>', Math.floor(now))]),
    )
    .execute();
  return new Map(rows.map((r) => [r.bucket, { tat: Number(r.tat), pausedUntil: Number(r.paused_until) }]));
}

export async function writeBuckets(
  db: Kysely<Database>,
  buckets: Buckets,
  keys: Iterable<string>,
): Promise<void> {
  for (const key of keys) {
    const state = buckets.get(key);
    if (!state) continue;
    await db
      .insertInto('delivery_budget')
      .values({ bucket: key, tat: Math.round(state.tat), paused_until: Math.round(state.pausedUntil) })
      .onConflict((oc) => oc.column('bucket').doUpdateSet({ tat: Math.round(state.tat) }))
      .execute();
  }
}

/** Holds `bucket` back until `until` (a later pause wins; an earlier one changes nothing). */
export async function pauseBucket(
  db: Kysely<Database>,
  bucket: string,
  until: number,
  now: number,
): Promise<void> {
  await db
    .insertInto('delivery_budget')
    .values({ bucket, tat: now, paused_until: until })
    .onConflict((oc) =>
      oc.column('bucket').doUpdateSet((eb) => ({
        paused_until: eb
          .case()
          .when('delivery_budget.paused_until', '<', until)
          .then(until)
          .else(eb.ref('delivery_budget.paused_until'))
          .end(),
      })),
    )
    .execute();
}
