import { afterEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/simulator/slack/types.js';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, startHarness, textOf } from '../support/bot-harness.js';
import {
  approvalIdOf,
  approver,
  approverEnv,
  clickOnRequest,
  requestMessage,
  requestNow,
  restoreRoute,
} from './approvals-support.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const snapshotCreateRoute = /^\/api\/v2\/vps\/vps_web01\/snapshots$/;
const safetyOn = (point: 'when_possible' | 'required') => ({ ...approverEnv, VPS_SAFETY_POINT: point });

async function askForRestore(harness: Harness) {
  await harness.command('restore web-01 before-upgrade');
  const message = await requestMessage(harness);
  return { ts: message.ts, approvalId: approvalIdOf(message), message };
}

/** The thread reply of the request's thread matching `pattern`. */
function reply(harness: Harness, ts: string, pattern: RegExp, timeoutMs = 8000): Promise<StoredMessage> {
  return harness.slack.waitFor(
    () => harness.slack.thread(channel, ts).find((m) => pattern.test(textOf(m))),
    timeoutMs,
  );
}

describe('a safety point before every restore', () => {
  it('snapshots the disk first and calls the restore only after that snapshot job completed', async () => {
    h = await startHarness({ env: safetyOn('when_possible') });
    const request = await askForRestore(h);
    expect(textOf(request.message)).toMatch(/Safety point:\* a snapshot of \*web-01\* is taken first/);

    await clickOnRequest(h, approver, ActionId.approve, request);
    const final = await reply(h, request.ts, /web-01 restored — completed/);
    expect(textOf(final)).toMatch(/completed in \d+ s; running, up \d+ s\./);

    const creates = h.sim.calls.filter((c) => c.method === 'POST' && snapshotCreateRoute.test(c.path));
    const restores = h.sim.calls.filter((c) => restoreRoute.test(c.path));
    expect(creates).toHaveLength(1);
    expect(restores).toHaveLength(1);
    const name = (creates[0]!.body as { name: string }).name;
    expect(name).toMatch(/^pre-restore-\d{8}-\d{4}$/);
    const snapshotJob = h.sim.getJob(creates[0]!.jobId!)!;
    expect(snapshotJob.status).toBe('completed');
    // The order, from the simulator's own log: the snapshot job finished before the restore arrived.
    expect(snapshotJob.finishedSeq).not.toBeNull();
    expect(snapshotJob.finishedSeq!).toBeLessThan(restores[0]!.seq);
    expect(h.sim.getVps('vps_web01')!.snapshots.map((s) => s.name)).toContain(name);

    expect(await reply(h, request.ts, /Safety point `pre-restore-.*` taken/)).toBeTruthy();
    const approval = await h.bot.store.getApproval(request.approvalId);
    const calls = await h.bot.store.listCalls(approval!.operationId!);
    expect(calls.map((c) => [c.action, c.state])).toEqual([
      ['snapshot', 'answered'],
      ['restore', 'answered'],
    ]);
    expect(JSON.stringify(final.blocks)).toContain(ActionId.undoRestore);
    expect(textOf(final)).toContain(`Undo (restore ${name})`);
  });

  it('says in the request, before anyone approves, that no safety point can be made, and restores without one', async () => {
    h = await startHarness({ env: safetyOn('when_possible') });
    h.sim.updateVps('vps_web01', { snapshotLimit: 2 }); // web-01 has 2 snapshots: HostUp allows no third
    const request = await askForRestore(h);
    expect(textOf(request.message)).toMatch(
      /No safety point:\* HostUp does not allow a snapshot of \*web-01\* now \(.*limit.*\)\. Approving restores without a way back/i,
    );

    await clickOnRequest(h, approver, ActionId.approve, request);
    const final = await reply(h, request.ts, /web-01 restored — completed/);
    expect(await reply(h, request.ts, /No safety snapshot of \*web-01\* before this restore/)).toBeTruthy();
    expect(h.sim.count('POST', snapshotCreateRoute)).toBe(0);
    expect(h.sim.count('POST', restoreRoute)).toBe(1);
    expect(JSON.stringify(final.blocks)).not.toContain(ActionId.undoRestore);
  });

  it('does not restore when the policy requires a safety point and HostUp allows none', async () => {
    h = await startHarness({ env: safetyOn('required') });
    h.sim.updateVps('vps_web01', { snapshotLimit: 2 });
    const request = await askForRestore(h);
    expect(textOf(request.message)).toMatch(/No safety point possible now:.*the policy requires one/);

    await clickOnRequest(h, approver, ActionId.approve, request);
    const failed = await requestNow(h, request.ts, /not carried out/);
    expect(failed).toMatch(/requires a safety snapshot before restoring \*web-01\*/);
    expect(h.sim.count('POST', snapshotCreateRoute)).toBe(0);
    expect(h.sim.count('POST', restoreRoute)).toBe(0);
    expect((await h.bot.store.getApproval(request.approvalId))?.status).toBe('failed');
  });

  it('stops a restore whose required safety snapshot failed, and never calls the restore', async () => {
    h = await startHarness({ env: safetyOn('required') });
    h.sim.failNextJob({ action: 'snapshot_create', code: 'upstream_failed', detail: 'Storage unavailable' });
    const request = await askForRestore(h);
    await clickOnRequest(h, approver, ActionId.approve, request);
    const stopped = await reply(h, request.ts, /could not be made/);
    expect(textOf(stopped)).toMatch(/Storage unavailable.*Nothing was restored.*safety_point: required/);
    await requestNow(h, request.ts, /asked to restore \*web-01\*.*failed/);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.sim.count('POST', snapshotCreateRoute)).toBe(1);
    expect(h.sim.count('POST', restoreRoute)).toBe(0);
    const op = await h.bot.store.getOperation(
      (await h.bot.store.getApproval(request.approvalId))!.operationId!,
    );
    expect(op?.state).toBe('failed');
    expect(await h.bot.store.getServerLock('hostup:vps_web01', 'acting')).toBeNull();
  });

  it('goes on without a safety point when its snapshot failed and the policy allows that, saying so', async () => {
    h = await startHarness({ env: safetyOn('when_possible') });
    h.sim.failNextJob({ action: 'snapshot_create', detail: 'Storage unavailable' });
    const request = await askForRestore(h);
    await clickOnRequest(h, approver, ActionId.approve, request);
    expect(textOf(await reply(h, request.ts, /could not be made/))).toMatch(
      /Restoring \*web-01\* without one.*no Undo/,
    );
    const final = await reply(h, request.ts, /web-01 restored — completed/);
    expect(JSON.stringify(final.blocks)).not.toContain(ActionId.undoRestore);
    expect(h.sim.count('POST', restoreRoute)).toBe(1);
  });

  it('Undo opens a new approval request to restore the safety point, and restores nothing by itself', async () => {
    h = await startHarness({ env: safetyOn('when_possible') });
    const request = await askForRestore(h);
    await clickOnRequest(h, approver, ActionId.approve, request);
    const final = await reply(h, request.ts, /web-01 restored — completed/);
    const operationId = (await h.bot.store.getApproval(request.approvalId))!.operationId!;
    const name = (h.sim.calls.find((c) => snapshotCreateRoute.test(c.path))!.body as { name: string }).name;

    await h.driver.click({
      user: operator,
      channel,
      actionId: ActionId.undoRestore,
      messageTs: final.ts,
      value: operationId,
      container: 'message',
    });
    const undo = await requestMessage(h, new RegExp(`Approval needed.*Restore web-01 to snapshot ${name}`));
    expect(undo.ts).not.toBe(request.ts);
    expect(textOf(undo)).toContain('Undo of an earlier restore');
    expect(
      await h.ephemeral(
        operator,
        new RegExp(`Request posted in the channel: Restore web-01 to snapshot ${name}`),
      ),
    ).toBeTruthy();
    expect(h.sim.count('POST', restoreRoute)).toBe(1);

    await h.driver.click({
      user: operator,
      channel,
      actionId: ActionId.undoRestore,
      messageTs: final.ts,
      value: '00000000-0000-4000-8000-000000000000',
      container: 'message',
    });
    expect(await h.ephemeral(operator, /no safety point to go back to/)).toBeTruthy();
  });
});
