import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHostUpSimulator } from '../../src/simulator/hostup/index.js';
import { createFakeSlack } from '../../src/simulator/slack/server.js';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, outsider, startHarness, textOf } from '../support/bot-harness.js';
import { botEnv, startBotProcess } from '../support/bot-process.js';
import {
  approvalIdOf,
  approver,
  approver2,
  approverEnv,
  clickOnRequest,
  hasButtons,
  requestMessage,
  requestNow,
  restoreRoute,
} from './approvals-support.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function harnessWithGrace(seconds: number): Promise<Harness> {
  const h = await startHarness({ env: { ...approverEnv, VPS_GRACE_SECONDS: String(seconds) } });
  cleanups.push(() => h.close());
  return h;
}

async function approvedRestore(h: Harness) {
  await h.command('restore web-01 before-upgrade');
  const message = await requestMessage(h);
  expect(textOf(message)).toMatch(/After the last approval it waits 2 s/);
  const request = { ts: message.ts, approvalId: approvalIdOf(message) };
  await clickOnRequest(h, approver, ActionId.approve, request);
  return request;
}

describe('a last-chance countdown after the last approval', () => {
  it('waits, shows who can stop it, and an approver’s Cancel inside the window stops the restore and says who', async () => {
    const h = await harnessWithGrace(2);
    const request = await approvedRestore(h);
    expect(
      await h.ephemeral(approver, /Until then you, another approver or the requester can stop it/),
    ).toMatch(/Approved: Restore web-01 to snapshot before-upgrade starts/);
    const counting = await requestNow(h, request.ts, /Restoring in 2 s/);
    expect(counting).toMatch(/or an approver can still stop it/);
    expect(JSON.stringify(h.slack.message(channel, request.ts)?.blocks)).toContain(ActionId.cancelRequest);
    expect(hasButtons(h, request.ts)).toBe(false); // no Approve any more

    await clickOnRequest(h, outsider, ActionId.cancelRequest, request);
    expect(await h.ephemeral(outsider, /Only the person who asked can cancel/)).toBeTruthy();
    await clickOnRequest(h, approver2, ActionId.cancelRequest, request);
    expect(await requestNow(h, request.ts, /Cancelled by/)).toMatch(
      new RegExp(`Cancelled by <@${approver2}>.*Nothing was done`),
    );

    await sleep(2500);
    expect(h.sim.count('POST', restoreRoute)).toBe(0);
    expect((await h.bot.store.getApproval(request.approvalId))?.status).toBe('cancelled');
    const trail = await h.bot.store.listAudit({ target: 'vps_web01' });
    const cancelled = trail.find((e) => e.outcome === 'cancelled');
    expect(cancelled?.actor).toBe(approver2);
    expect(cancelled?.detail).toMatchObject({ duringCountdown: true });
  });

  it('without a cancel, runs the restore once the countdown has passed, and not before', async () => {
    const h = await harnessWithGrace(2);
    const request = await approvedRestore(h);
    await requestNow(h, request.ts, /Restoring in 2 s/);
    await sleep(1000);
    expect(h.sim.count('POST', restoreRoute)).toBe(0);

    await requestNow(h, request.ts, /restor(ing|ed) \*web-01\* · job/);
    const approval = await h.bot.store.getApproval(request.approvalId);
    const call = h.sim.calls.find((c) => restoreRoute.test(c.path))!;
    expect(call.at - approval!.decidedAt!).toBeGreaterThanOrEqual(2000);
    await sleep(300);
    expect(h.sim.count('POST', restoreRoute)).toBe(1);
    expect(approval?.status).toBe('executed');

    await clickOnRequest(h, operator, ActionId.cancelRequest, request);
    expect(await h.ephemeral(operator, /already approved and carried out/)).toBeTruthy();
  });

  it('survives a SIGKILL: after a restart the countdown resumes from the database and runs exactly once', async () => {
    const sim = createHostUpSimulator({ job: { queuedMs: 50, runningMs: 300, progressSteps: 2 } });
    await sim.listen(0, '127.0.0.1');
    const slack = createFakeSlack();
    await slack.listen(0, '127.0.0.1');
    const dir = mkdtempSync(join(tmpdir(), 'vps-chatops-countdown-'));
    cleanups.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => slack.close(),
      () => sim.close(),
    );
    const env = botEnv(
      { sim, slack, databaseUrl: join(dir, 'bot.db') },
      { VPS_APPROVERS: approver, VPS_GRACE_SECONDS: '3', LOG_LEVEL: 'info', LEASE_SECONDS: '3' },
    );
    const start = async () => {
      const started = await startBotProcess(env, slack, 30_000);
      cleanups.push(() => void started.bot.child.kill('SIGKILL'));
      return started;
    };

    const first = await start();
    await first.driver.slashCommand({ user: operator, channel, text: 'restore web-01 before-upgrade' });
    const message = await slack.waitFor(
      () => slack.messages(channel).find((m) => /Approval needed/.test(textOf(m))),
      10_000,
    );
    await first.driver.click({
      user: approver,
      channel,
      actionId: ActionId.approve,
      messageTs: message.ts,
      value: approvalIdOf(message),
      container: 'message',
    });
    await slack.waitFor(
      () => /Restoring in 3 s/.test(textOf(slack.message(channel, message.ts)!)) || undefined,
      10_000,
    );
    first.bot.child.kill('SIGKILL');
    expect(await first.bot.exited).toBe('SIGKILL');
    await sleep(3500); // the countdown ends while no bot runs
    expect(sim.count('POST', restoreRoute)).toBe(0);

    await start();
    await slack.waitFor(() => sim.count('POST', restoreRoute) > 0 || undefined, 20_000);
    await slack.waitFor(
      () => slack.thread(channel, message.ts).find((m) => /web-01 restored — completed/.test(textOf(m))),
      20_000,
    );
    await sleep(1000);
    expect(sim.count('POST', restoreRoute)).toBe(1);
  }, 90_000);
});
