import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, startHarness, textOf } from '../support/bot-harness.js';
import { ShiftedClock } from '../support/shifted-clock.js';
import { approvalIdOf, clickOnRequest, requestMessage, requestNow } from './approvals-support.js';

const senior = 'USENIOR1';
const junior = 'UJUNIOR1';
const [oncall1, oncall2] = ['UONCALL1', 'UONCALL2'];

/**
 * Production databases in seniors' hands, two on-call approvals there, and a holiday freeze. No
 * countdown after the last approval (`grace_seconds: 0`): countdown.test.ts tests that.
 */
const policy = `
groups:
  seniors: [${senior}]
  oncall: [${oncall1}, ${oncall2}]
rules:
  - match: { name: "db-*" }
    description: production databases
    operators: [seniors]
    approvers: [oncall]
    approvals: 2
    require_approval: [reset, stop, hostname]
    grace_seconds: 0
    freeze:
      - { from: "2026-12-20T00:00:00Z", to: "2027-01-03T00:00:00Z", reason: "holiday freeze" }
    break_glass: [seniors]
  - match: { name: "*" }
    operators: [${junior}, seniors]
    approvers: [oncall]
`;

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function withPolicy(text: string, clock?: ShiftedClock) {
  const dir = mkdtempSync(join(tmpdir(), 'vps-policy-'));
  dirs.push(dir);
  const file = join(dir, 'policy.yml');
  writeFileSync(file, text);
  h = await startHarness({ env: { VPS_POLICY_FILE: file }, ...(clock ? { clock } : {}) });
  return file;
}

const confirm = (user: string) =>
  h!.driver.click({ user, channel, actionId: ActionId.confirm, container: 'ephemeral' });

/** Until 2026-12-21 12:00 UTC: inside the holiday freeze. */
function inTheFreeze(): ShiftedClock {
  const clock = new ShiftedClock();
  clock.advance(Date.parse('2026-12-21T12:00:00Z') - Date.now());
  return clock;
}

describe('a policy file governs who may do what on which server', () => {
  it('refuses a non-senior on db-* and lets them act on web-*, naming the rule', async () => {
    await withPolicy(policy);
    const refused = await h!.command('restart db-01', junior);
    expect(refused).toMatch(/Only \*seniors\* may act on \*db-01\*/);
    expect(refused).toMatch(/rule 1 \(`db-\*`, line \d+\) “production databases”/);
    expect(await h!.command('restart web-01', junior)).toContain('Restart web-01?');
    expect(h!.sim.count('POST', /actions/)).toBe(0);
  });

  it('needs 2 of oncall for a reset on db-*, and resets once after the second approval', async () => {
    await withPolicy(policy);
    expect(await h!.command('reset db-01', senior)).toMatch(/needs approval.*2 of \*oncall\*/s);
    await confirm(senior);
    const request = await requestMessage(h!);
    const approvalId = approvalIdOf(request);
    await clickOnRequest(h!, oncall1, ActionId.approve, { ts: request.ts, approvalId });
    expect(await h!.ephemeral(oncall1, /recorded/)).toMatch(/1 of 2 approvals/);
    expect(h!.sim.count('POST', /actions\/reset$/)).toBe(0);
    await clickOnRequest(h!, oncall2, ActionId.approve, { ts: request.ts, approvalId });
    await requestNow(h!, request.ts, /reset(ting)? \*db-01\*/);
    expect(h!.sim.count('POST', /actions\/reset$/)).toBe(1);
  });

  it('refuses in a freeze window, and lets a break-glass member through, loudly, with an after-review', async () => {
    await withPolicy(policy, inTheFreeze());
    expect(await h!.command('restart db-01', senior)).toMatch(
      /\*db-01\* is frozen until 3 Jan 00:00 UTC: holiday freeze/,
    );
    expect(await h!.command('restart db-01 --break-glass', senior)).toMatch(/needs a reason/);
    expect(await h!.command('restart db-01 --break-glass "primary is down"', junior)).toMatch(
      /Only \*seniors\* may/,
    );

    const offer = await h!.command('restart db-01 --break-glass "primary is down"', senior);
    expect(offer).toMatch(/Break-glass: this skips the freeze.*an approver must review it/s);
    await confirm(senior);
    const announced = await h!.slack.waitFor(
      () => h!.slack.messages(channel).find((m) => /Break-glass/.test(textOf(m))),
      5000,
    );
    expect(textOf(announced)).toMatch(/<@USENIOR1> — Restart db-01.*skipped a freeze.*“primary is down”/s);
    expect(textOf(announced)).toMatch(/\*oncall\*: an approver must review/);
    await h!.slack.waitFor(() => h!.sim.count('POST', /actions\/restart$/) === 1 || undefined, 5000);
    expect(await h!.bot.store.listOpenReviews()).toHaveLength(1);
    const audit = await h!.bot.store.listAudit({ target: 'vps_db01' });
    expect(audit.some((e) => e.outcome === 'break-glass')).toBe(true);

    // The one who broke the glass cannot review it; an approver can, once.
    await h!.driver.click({
      user: senior,
      channel,
      actionId: ActionId.acknowledgeReview,
      messageTs: announced.ts,
    });
    expect(await h!.ephemeral(senior, /someone else has to review/)).toBeTruthy();
    await h!.driver.click({
      user: oncall1,
      channel,
      actionId: ActionId.acknowledgeReview,
      messageTs: announced.ts,
    });
    expect(await h!.ephemeral(oncall1, /Marked reviewed/)).toBeTruthy();
    expect(await h!.bot.store.listOpenReviews()).toHaveLength(0);
    await h!.slack.waitFor(
      () => /Reviewed by <@UONCALL1>/.test(textOf(h!.slack.message(channel, announced.ts)!)) || undefined,
      5000,
    );
  });

  it('lapses an approval when the policy file changes before it runs, and says why', async () => {
    const file = await withPolicy(policy);
    await h!.command('reset db-01', senior);
    await confirm(senior);
    const request = await requestMessage(h!);
    const approvalId = approvalIdOf(request);
    await clickOnRequest(h!, oncall1, ActionId.approve, { ts: request.ts, approvalId });
    await h!.ephemeral(oncall1, /recorded/);
    writeFileSync(file, policy.replace('approvals: 2', 'approvals: 1'));
    expect((await h!.bot.reloadPolicy()).ok).toBe(true);
    await clickOnRequest(h!, oncall2, ActionId.approve, { ts: request.ts, approvalId });
    expect(await h!.ephemeral(oncall2, /not carried out/)).toMatch(
      /This approval no longer holds: the policy rule for this server changed/,
    );
    expect(h!.sim.count('POST', /actions\/reset$/)).toBe(0);
    expect((await h!.bot.store.getApproval(approvalId))?.status).toBe('failed');
  });

  it('keeps the old policy when a reloaded file is invalid, and says so in /readyz', async () => {
    const file = await withPolicy(policy);
    writeFileSync(file, policy.replace('approvals: 2', 'approvals: zero'));
    const reload = await h!.bot.reloadPolicy();
    expect(reload.ok).toBe(false);
    expect(await h!.command('restart db-01', junior)).toMatch(/Only \*seniors\*/);
    const ready = await fetch(`http://127.0.0.1:${h!.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { notes?: { policy?: string } }).notes?.policy).toMatch(
      /last reload of the policy file failed; the previous policy is still in force/,
    );
  });

  it('/vps policy shows the rule, who acts and approves, what needs approval, the freeze, and the person’s own answer', async () => {
    await withPolicy(policy, inTheFreeze());
    const text = await h!.command('policy db-01 reset', junior);
    expect(text).toMatch(/Policy for db-01.*rule 1/s);
    expect(text).toMatch(/Who may act.*\*seniors\*/s);
    expect(text).toMatch(/Who approves.*2 of \*oncall\*/s);
    expect(text).toMatch(/Needs approval.*reset/s);
    expect(text).toMatch(/frozen until 3 Jan 00:00 UTC: holiday freeze/);
    expect(text).toMatch(/You may not ask for a reset \(hard reboot\) of \*db-01\* here now/);
    expect(h!.sim.count('POST', /actions/)).toBe(0);
  });
});
