import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditExport } from '../../src/domain/audit-chain.js';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, outsider, startHarness, textOf } from '../support/bot-harness.js';
import { approvalIdOf, approver, approverEnv, clickOnRequest, requestMessage } from './approvals-support.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('/vps requests', () => {
  it('lists the open requests with a link to each, marking the ones the reader may approve', async () => {
    h = await startHarness({ env: approverEnv });
    expect(await h.command('requests', approver)).toContain(
      'No request is waiting for approval, and no break-glass use for a review.',
    );
    await h.command('restore web-01 before-upgrade');
    const message = await requestMessage(h);

    const forApprover = await h.command('requests', approver);
    expect(forApprover).toMatch(
      /:point_right: \*Restore web-01 to snapshot before-upgrade\* · asked by <@UOPERATOR1> · 0 of 1 approval · expires \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
    );
    expect(forApprover).toContain(
      `<https://slack.com/archives/${channel}/p${message.ts.replace('.', '')}|open it>`,
    );
    const forRequester = await h.command('requests', operator);
    expect(forRequester).toContain('*Restore web-01 to snapshot before-upgrade*');
    expect(forRequester).not.toContain(':point_right:');
    expect(await h.command('requests', outsider)).not.toContain(':point_right:');

    await clickOnRequest(h, operator, ActionId.cancelRequest, {
      ts: message.ts,
      approvalId: approvalIdOf(message),
    });
    await h.slack.waitFor(
      () => /Cancelled by/.test(textOf(h!.slack.message(channel, message.ts)!)) || undefined,
    );
    expect(await h.command('requests', approver)).toContain(
      'No request is waiting for approval, and no break-glass use for a review.',
    );
  });
});

describe('/vps requests and break-glass', () => {
  it('lists a break-glass use waiting for its after-review, marked for those who may review it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vps-policy-'));
    const file = join(dir, 'policy.yml');
    writeFileSync(
      file,
      `rules:
  - match: { name: "*" }
    operators: [${operator}]
    approvers: [${approver}]
    freeze:
      - { from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z", reason: "change freeze" }
    break_glass: [${operator}]
`,
    );
    try {
      h = await startHarness({ env: { VPS_POLICY_FILE: file } });
      await h.command('restart web-01 --break-glass "the site is down"');
      await h.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
      await h.slack.waitFor(async () =>
        (await h!.bot.store.listOpenReviews()).length === 1 ? true : undefined,
      );
      const shown = await h.command('requests', approver);
      expect(shown).toMatch(/Waiting for an after-review\* \(1\)/);
      expect(shown).toMatch(
        /:point_right: The break-glass restart of \*web-01\* by <@UOPERATOR1>: “the site is down” · \d{4}-\d\d-\d\d/,
      );
      expect(await h.command('requests', operator)).not.toContain(':point_right:');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('/vps audit export', () => {
  it('sends the trail as a file to the person’s direct messages, one that verifies and shows an edit', async () => {
    h = await startHarness();
    await h.command('restart web-01');
    await h.command('reset db-01');
    const answer = await h.command('audit export 7');
    expect(answer).toMatch(/Sent you the audit trail of the last 7 days \(2 entries\) as a file in <#D\w+>/);
    const lastHash = /last hash is `([0-9a-f]{64})`/.exec(answer)![1];

    const [file] = h.slack.files();
    expect(file).toMatchObject({ completed: true, channels: [h.slack.dmChannel(operator)] });
    expect(file!.filename).toMatch(/^vps-audit-\d{4}-\d\d-\d\d-7d\.jsonl$/);
    const text = file!.content!.toString('utf8');
    expect(verifyAuditExport(text)).toEqual({ ok: true, entries: 2, lastHash });
    expect(text).toMatch(/"outcome":"requested"/);
    expect(h.slack.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(h.slack.callsTo('files.completeUploadExternal')).toHaveLength(1);

    const edited = text.replace('"reset"', '"restart"');
    expect(verifyAuditExport(edited)).toMatchObject({ ok: false, line: 4 });

    const trail = await h.bot.store.listAudit({ limit: 1 });
    expect(trail[0]).toMatchObject({ actor: operator, action: 'audit export', outcome: 'exported' });
  });

  it('refuses a number of days it cannot use, and sends nothing', async () => {
    h = await startHarness();
    expect(await h.command('audit export 1000')).toMatch(/is not a number of days: give 1 to 366/);
    expect(h.slack.files()).toEqual([]);
  });
});
