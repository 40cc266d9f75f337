import { afterEach, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, startHarness, textOf } from '../support/bot-harness.js';
import {
  approvalIdOf,
  approver,
  approverEnv,
  clickOnRequest,
  requestMessage,
  requestNow,
  restoreFromRoute,
} from './approvals-support.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const select = (value: string) => ({ type: 'static_select', selected_option: { value } });

/** The modal with `callbackId` once its blocks (as JSON) contain `marker`. */
const modalWith = (callbackId: string, marker: string) =>
  h!.slack.waitFor(() =>
    h!.slack
      .views()
      .find((v) => v.view.callback_id === callbackId && JSON.stringify(v.view.blocks).includes(marker)),
  );

describe('asking for a restore through a modal', () => {
  it('opens at once with a loading state, then lists snapshots with age and expiry; submitting posts the request', async () => {
    h = await startHarness({ env: approverEnv });
    const answer = await h.driver.slashCommand({ user: operator, channel, text: 'restore web-01' });
    expect(answer.status).toBe(200);
    const modal = await modalWith(CallbackId.restore, 'static_select');
    expect(JSON.stringify(modal.history[0]?.blocks)).toContain('Loading the snapshots of *web-01*');
    expect(h.slack.callsTo('views.open')).toHaveLength(1);
    const labels = JSON.stringify(modal.view.blocks);
    expect(labels).toMatch(/before-upgrade · taken 6 h ago · expires in 18 h/);
    expect(labels).toMatch(/nightly-2026-11-22 · taken 2 h ago/);

    const missing = await h.driver.submitView({ user: operator, view: modal.id, values: {} });
    expect(missing.body).toMatchObject({
      response_action: 'errors',
      errors: { restore_snapshot: 'Pick a snapshot.' },
    });

    await h.driver.submitView({
      user: operator,
      view: modal.id,
      values: {
        restore_snapshot: { snapshot: select('before-upgrade') },
        approval_reason: { reason: 'the kernel upgrade broke nginx' },
      },
    });
    const posted = await requestMessage(h);
    expect(textOf(posted)).toContain('Restore web-01 to snapshot before-upgrade');
    expect(textOf(posted)).toContain('the kernel upgrade broke nginx');
    expect(await h.ephemeral(operator, /Request posted in the channel/)).toBeTruthy();
  });

  it('the card offers both restores, and its button opens the same modal', async () => {
    h = await startHarness({ env: approverEnv });
    const card = await h.command('show web-01');
    expect(card).toContain('Restore snapshot…');
    expect(card).toContain('Restore from another VPS…');
    await h.driver.click({
      user: operator,
      channel,
      actionId: ActionId.requestRestore,
      container: 'ephemeral',
    });
    await modalWith(CallbackId.restore, 'before-upgrade');
  });

  it('the card shows the API’s reason instead of the restore buttons when its gate says no', async () => {
    h = await startHarness({ env: approverEnv });
    const card = await h.command('show legacy-app');
    expect(card).not.toContain('Restore snapshot…');
    expect(card).toMatch(/Restore snapshot: The service is suspended/);
  });

  it('restore-from: picking a source loads its backups, and the request names source, backup and what is lost', async () => {
    h = await startHarness({ env: approverEnv });
    await h.driver.slashCommand({ user: operator, channel, text: 'restore-from web-02' });
    const modal = await modalWith(CallbackId.restoreFrom, 'vps_db01');
    expect(JSON.stringify(modal.view.blocks)).not.toContain('bkp_db01_1');
    expect(JSON.stringify(modal.view.blocks)).toContain('"dispatch_action":true');

    await h.driver.click({
      user: operator,
      channel,
      actionId: ActionId.pickRestoreSource,
      container: 'view',
      viewId: modal.id,
      value: 'vps_db01',
    });
    const withBackups = await modalWith(CallbackId.restoreFrom, 'bkp_db01_1');
    expect(JSON.stringify(withBackups.view.blocks)).toMatch(/bkp_db01_2 \(#2\) · from 24 h ago · 43 GB/);

    await h.driver.submitView({
      user: operator,
      view: modal.id,
      values: {
        restore_source: { [ActionId.pickRestoreSource]: select('vps_db01') },
        restore_backup: { backup: select('bkp_db01_2') },
      },
    });
    const posted = await requestMessage(h);
    const text = textOf(posted);
    expect(text).toContain('Replace the disk of web-02 with backup bkp_db01_2 of db-01');
    expect(text).toMatch(/web-02 is stopped first, and its network settings are re-applied/);

    await clickOnRequest(h, approver, ActionId.approve, { ts: posted.ts, approvalId: approvalIdOf(posted) });
    await requestNow(h, posted.ts, /restored \*web-02\* · job/);
    expect(h.sim.count('POST', restoreFromRoute)).toBe(1);
    const call = h.sim.requests.find((r) => restoreFromRoute.test(r.path));
    expect(call?.body).toEqual({ sourceVpsId: 'vps_db01', backupId: 'bkp_db01_2' });
  });

  it('restore-from refuses the target as its own source, and a backup id the source does not have', async () => {
    h = await startHarness({ env: approverEnv });
    expect(await h.command('restore-from db-01 db-01 bkp_db01_1')).toMatch(
      /The source must be another VPS than \*db-01\*/,
    );
    expect(await h.command('restore-from web-02 db-01 bkp_nope')).toMatch(
      /\*db-01\* has no backup “bkp_nope”\. Its backups: `bkp_db01_1`, `bkp_db01_2`/,
    );
    expect(h.slack.messages(channel)).toHaveLength(0);
    expect(h.sim.count('GET', /restore-sources$/)).toBeGreaterThan(0);
  });

  it('restore-from with a typed source and backup posts a request without a modal', async () => {
    h = await startHarness({ env: approverEnv });
    expect(await h.command('restore-from web-02 DB-01 bkp_db01_1')).toMatch(/Request posted/);
    expect(textOf(await requestMessage(h))).toContain('backup bkp_db01_1 of db-01');
    expect(h.slack.callsTo('views.open')).toHaveLength(0);
  });
});
