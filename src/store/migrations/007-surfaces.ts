import type { Migration } from './migration.js';

/**
 * What the Slack-facing surfaces need to keep:
 * - `confirmations.reply_url`: where the private confirmation can be replaced once it expires
 *   (the response_url it was posted through; Slack keeps one usable for 30 minutes, 5 times), so
 *   an expired offer stops showing live buttons. `expiry_noted_at`: when its expiry was audited
 *   and its message replaced, once; confirmations decided before this migration count as noted.
 * - `home_viewers`: who has opened the bot's App Home, so a change (a request they may approve,
 *   their operation ending) refreshes the homes people look at, and no one else's.
 */
export const surfaces: Migration = {
  version: 7,
  name: 'surfaces',
  statements: (t) => [
    'ALTER TABLE confirmations ADD COLUMN reply_url TEXT',
    `ALTER TABLE confirmations ADD COLUMN expiry_noted_at ${t.time}`,
    `UPDATE confirmations SET expiry_noted_at = expires_at WHERE status <> 'pending'`,
    'CREATE INDEX confirmations_due ON confirmations (status, expires_at)',
    `CREATE TABLE home_viewers (
      user_id TEXT PRIMARY KEY,
      opened_at ${t.time} NOT NULL
    )`,
  ],
};
