import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { channel, type Harness, operator, startHarness, textOf } from '../support/bot-harness.js';
import { approver, approverEnv } from './approvals-support.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a request release 0.1 left executing', () => {
  it('is reconciled after the upgrade: one final message in its thread saying what HostUp shows, nothing repeated', async () => {
    h = await startHarness({ env: approverEnv });
    const message = h.slack.seedMessage({
      channel,
      user: 'UBOT',
      text: 'Approval needed: Restore web-01 to snapshot before-upgrade',
    });
    // What release 0.1 left behind when it died between "executing" and the call's record.
    const db = new Database(join(h.dir, 'bot.db'));
    const now = Date.now();
    db.prepare(
      `INSERT INTO approvals (id, requester, action_kind, target, payload, reason, channel, message_ts, status,
         required_approvals, created_at, expires_at, decided_by, decided_at, updated_at)
       VALUES (?, ?, 'restore', 'vps_web01', ?, '', ?, ?, 'executing', 1, ?, ?, ?, ?, ?)`,
    ).run(
      '7d3c1a52-0000-4000-8000-000000000001',
      operator,
      JSON.stringify({
        request: {
          kind: 'restore',
          vpsId: 'vps_web01',
          vpsName: 'web-01',
          snapshot: { name: 'before-upgrade', createdAt: null, expiresAt: null },
        },
      }),
      channel,
      message.ts,
      now - 60_000,
      now + 60_000,
      approver,
      now - 30_000,
      now - 30_000,
    );
    db.close();

    const final = await h.slack.waitFor(
      () => h!.slack.thread(channel, message.ts).find((m) => /Nothing was repeated/.test(textOf(m))),
      10_000,
    );
    expect(textOf(final)).toMatch(/restore of \*web-01\*.*HostUp now shows \*web-01\* running/);
    expect((await h.bot.store.getApproval('7d3c1a52-0000-4000-8000-000000000001'))?.status).toBe('executed');
    expect(h.sim.count('POST', /actions\/restore$/)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      h.slack.thread(channel, message.ts).filter((m) => /Nothing was repeated/.test(textOf(m))),
    ).toHaveLength(1);
  });
});
