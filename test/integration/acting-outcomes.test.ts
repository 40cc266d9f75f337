import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import {
  channel,
  type Harness,
  operator,
  secondOperator,
  startHarness,
  textOf,
} from '../support/bot-harness.js';
import { approverEnv, requestMessage } from './approvals-support.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** `/vps <text>`, then Confirm; resolves with the thread's final reply under the action's root. */
async function confirmAndFinal(text: string) {
  await h!.command(text);
  await h!.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
  return h!.slack.waitFor(() => {
    for (const root of h!.slack.messages(channel)) {
      const final = h!.slack
        .thread(channel, root.ts)
        .find((m) => /completed in|failed after|Nothing was repeated|was not carried out/.test(textOf(m)));
      if (final) return { root, final };
    }
    return undefined;
  }, 15_000);
}

describe('what the bot says an acting call did', () => {
  it('a 202 with an unreadable body is "outcome unknown", reconciled from the live state, never "nothing changed"', async () => {
    h = await startHarness();
    h.sim.inject({
      kind: 'malformed',
      body: '{"operation":',
      afterActing: true,
      match: { method: 'POST', path: '/actions/restart' },
    });
    const { root, final } = await confirmAndFinal('restart web-01');
    expect(await h.ephemeral(operator, /answer was lost/)).toMatch(/may or may not have happened/);
    expect(textOf(final)).toMatch(
      /answer was lost.*HostUp now shows \*web-01\* running.*Nothing was repeated/,
    );
    expect(textOf(h.slack.message(channel, root.ts)!)).toMatch(/outcome unknown/);
    expect(h.slack.ephemerals(operator).some((e) => /Nothing was changed/.test(textOf(e)))).toBe(false);
    expect(h.sim.count('POST', /actions\/restart$/)).toBe(1);
    const calls = await h.bot.store.listCalls((await h.bot.store.listRecentOperations(1))[0]!.id);
    expect(calls.map((c) => c.state)).toEqual(['unknown']);
  });

  it('a 503 after HostUp queued the job is "outcome unknown" too, and the reconciliation waits for its task', async () => {
    h = await startHarness({ sim: { job: { queuedMs: 300, runningMs: 700 } } });
    h.sim.inject({
      kind: 'status',
      status: 503,
      afterActing: true,
      match: { method: 'POST', path: '/actions/restart' },
    });
    const { final } = await confirmAndFinal('restart web-01');
    expect(textOf(final)).toMatch(/running, up .* no task pending.*Nothing was repeated/);
    expect(h.sim.count('POST', /actions\/restart$/)).toBe(1);
  });

  it('a refusal with HostUp’s own problem body is "nothing was changed", said in the thread once', async () => {
    h = await startHarness();
    h.sim.inject({
      kind: 'status',
      status: 409,
      code: 'vps_not_ready',
      match: { method: 'POST', path: '/actions/restart' },
    });
    const { final } = await confirmAndFinal('restart web-01');
    expect(textOf(final)).toMatch(/was not carried out: .*vps_not_ready.*Nothing was changed/);
    expect(await h.ephemeral(operator, /vps_not_ready/)).toMatch(/Nothing was changed/);
  });

  it('a second restore request for the same VPS is refused with a link to the first', async () => {
    h = await startHarness({ env: approverEnv });
    await h.command('restore web-01 before-upgrade');
    const first = await requestMessage(h);
    const second = await h.command('restore web-01 nightly-2026-11-22', secondOperator);
    expect(second).toMatch(/\*web-01\* is busy: an open snapshot restore request by <@UOPERATOR1>/);
    expect(second).toContain(`p${first.ts.replace('.', '')}|request>`);
    expect(h.slack.messages(channel).filter((m) => /Approval needed/.test(textOf(m)))).toHaveLength(1);
  });

  it('two people confirming different actions on one VPS at the same moment: one runs, the other is told it is busy', async () => {
    h = await startHarness({ sim: { job: { queuedMs: 1000, runningMs: 1000 } } });
    await h.command('restart web-01');
    await h.command('stop web-01', secondOperator);
    const [restart] = h.slack.ephemerals(operator).slice(-1);
    const [stop] = h.slack.ephemerals(secondOperator).slice(-1);
    await Promise.all([
      h.driver.click({
        user: operator,
        channel,
        actionId: ActionId.confirm,
        container: 'ephemeral',
        messageTs: restart!.ts,
      }),
      h.driver.click({
        user: secondOperator,
        channel,
        actionId: ActionId.confirm,
        container: 'ephemeral',
        messageTs: stop!.ts,
      }),
    ]);
    const acted = () => h!.sim.count('POST', /actions\/restart$/) + h!.sim.count('POST', /actions\/stop$/);
    // The refusal may reach Slack before the other's call reaches HostUp: wait for both.
    await h.slack.waitFor(
      () =>
        ([operator, secondOperator].some((u) =>
          h!.slack.ephemerals(u).some((e) => /is busy/.test(textOf(e))),
        ) &&
          acted() > 0) ||
        undefined,
      5000,
    );
    expect(acted()).toBe(1);
  });
});
