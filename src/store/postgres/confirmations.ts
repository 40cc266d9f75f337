import { randomUUID } from 'node:crypto';
import { toJson } from '../mapping/row-values.js';
import type { Confirmation, NewConfirmation } from '../records.js';
import type { DecideConfirmationArgs, DecideConfirmationResult } from '../store.js';
import { type Conn, type Db, execute, queryOne } from './connection.js';
import { toConfirmation } from './rows.js';

export async function createConfirmation(db: Db, input: NewConfirmation, now: number): Promise<Confirmation> {
  const row = await queryOne(
    db,
    `INSERT INTO confirmations (id, requester, kind, target, payload, channel, status, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, 'pending', $7, $8) RETURNING *`,
    [
      input.id ?? randomUUID(),
      input.requester,
      input.kind,
      input.target,
      toJson(input.payload),
      input.channel,
      input.createdAt ?? now,
      input.expiresAt,
    ],
  );
  return toConfirmation(row!);
}

export async function getConfirmation(conn: Conn, id: string): Promise<Confirmation | null> {
  const row = await queryOne(conn, 'SELECT * FROM confirmations WHERE id = $1', [id]);
  return row ? toConfirmation(row) : null;
}

/**
 * The winning transition is one conditional UPDATE (status, requester and expiry in its WHERE):
 * a concurrent decider waits for the row lock, re-checks the WHERE on the new row and changes
 * nothing. The reads after it only explain a refusal.
 */
export async function decideConfirmation(
  db: Db,
  id: string,
  args: DecideConfirmationArgs,
): Promise<DecideConfirmationResult> {
  const won = await queryOne(
    db,
    `UPDATE confirmations SET status = $1, decided_by = $2, decided_at = $3
     WHERE id = $4 AND status = 'pending' AND requester = $2 AND expires_at > $3
     RETURNING *`,
    [args.decision, args.by, args.now, id],
  );
  if (won) return { ok: true, confirmation: toConfirmation(won) };

  const current = await getConfirmation(db, id);
  if (!current) return { ok: false, reason: 'not_found' };
  if (current.status === 'expired') return { ok: false, reason: 'expired', confirmation: current };
  if (current.status !== 'pending') return { ok: false, reason: 'already_decided', confirmation: current };
  if (current.expiresAt <= args.now) {
    const expired = await queryOne(
      db,
      `UPDATE confirmations SET status = 'expired' WHERE id = $1 AND status = 'pending' RETURNING *`,
      [id],
    );
    if (expired) return { ok: false, reason: 'expired', confirmation: toConfirmation(expired) };
    // Someone decided or expired it in between: report what it became.
    const now = (await getConfirmation(db, id)) ?? current;
    return { ok: false, reason: now.status === 'expired' ? 'expired' : 'already_decided', confirmation: now };
  }
  return { ok: false, reason: 'not_requester', confirmation: current };
}

export async function claimInteraction(db: Db, key: string, now: number): Promise<boolean> {
  const inserted = await execute(
    db,
    'INSERT INTO processed_interactions (key, claimed_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
    [key, now],
  );
  return inserted === 1;
}

export async function pruneInteractions(db: Db, before: number): Promise<number> {
  return execute(db, 'DELETE FROM processed_interactions WHERE claimed_at < $1', [before]);
}
