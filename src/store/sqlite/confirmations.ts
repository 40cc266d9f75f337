import { randomUUID } from 'node:crypto';
import { type Row, toJson } from '../mapping/row-values.js';
import type { Confirmation, NewConfirmation } from '../records.js';
import type { DecideConfirmationArgs, DecideConfirmationResult } from '../store.js';
import { type Db, writeTx } from './connection.js';
import { toConfirmation } from './rows.js';

export function createConfirmation(db: Db, input: NewConfirmation, now: number): Confirmation {
  const id = input.id ?? randomUUID();
  db.prepare(
    `INSERT INTO confirmations (id, requester, kind, target, payload, channel, status, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
  ).run(
    id,
    input.requester,
    input.kind,
    input.target,
    toJson(input.payload),
    input.channel,
    input.createdAt ?? now,
    input.expiresAt,
  );
  return getConfirmation(db, id)!;
}

export function getConfirmation(db: Db, id: string): Confirmation | null {
  const row = db.prepare('SELECT * FROM confirmations WHERE id = ?').get(id) as Row | undefined;
  return row ? toConfirmation(row) : null;
}

/**
 * The winning transition is one conditional UPDATE (status, requester and expiry in its WHERE);
 * the reads around it only explain a refusal, so the same shape works on PostgreSQL.
 */
export function decideConfirmation(
  db: Db,
  id: string,
  args: DecideConfirmationArgs,
): DecideConfirmationResult {
  return writeTx(db, (): DecideConfirmationResult => {
    const won = db
      .prepare(
        `UPDATE confirmations SET status = ?, decided_by = ?, decided_at = ?
         WHERE id = ? AND status = 'pending' AND requester = ? AND expires_at > ?
         RETURNING *`,
      )
      .get(args.decision, args.by, args.now, id, args.by, args.now) as Row | undefined;
    if (won) return { ok: true, confirmation: toConfirmation(won) };

    const current = getConfirmation(db, id);
    if (!current) return { ok: false, reason: 'not_found' };
    if (current.status === 'expired') return { ok: false, reason: 'expired', confirmation: current };
    if (current.status !== 'pending') return { ok: false, reason: 'already_decided', confirmation: current };
    if (current.expiresAt <= args.now) {
      const expired = db
        .prepare(
          `UPDATE confirmations SET status = 'expired' WHERE id = ? AND status = 'pending' RETURNING *`,
        )
        .get(id) as Row | undefined;
      return { ok: false, reason: 'expired', confirmation: expired ? toConfirmation(expired) : current };
    }
    return { ok: false, reason: 'not_requester', confirmation: current };
  });
}

export function claimInteraction(db: Db, key: string, now: number): boolean {
  const result = db
    .prepare(
      'INSERT INTO processed_interactions (key, claimed_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
    )
    .run(key, now);
  return result.changes === 1;
}

export function pruneInteractions(db: Db, before: number): number {
  return db.prepare('DELETE FROM processed_interactions WHERE claimed_at < ?').run(before).changes;
}
