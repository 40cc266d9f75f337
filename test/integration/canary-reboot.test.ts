import { afterEach, describe, expect, it } from 'vitest';
import { generatedAppServers } from '../../src/simulator/huawei/index.js';
import type { StoredMessage } from '../../src/simulator/slack/types.js';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, outsider, startHarness, textOf } from '../support/bot-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** `canary` left at its default (VPS_CANARY empty): a canary for hard reboots only. */
async function start(servers?: ReturnType<typeof generatedAppServers>) {
  h = await startHarness({
    huawei: servers ? { servers, reboot: { rebootMs: 150 } } : true,
    env: { VPS_CANARY: '' },
  });
  return h;
}

async function confirmed(text: string): Promise<StoredMessage> {
  await h!.command(text);
  await h!.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
  return h!.slack.waitFor(
    () => h!.slack.messages(channel).find((m) => /reboot(ed|ing) .*app servers/.test(textOf(m))),
    5000,
  );
}

const patches = () => h!.huawei!.requests.filter((r) => r.method === 'PATCH');
const items = () => patches().map((r) => (r.body as { items: string[] }).items);
const idOf = (name: string) => h!.huawei!.findServerByName(name)!.id;
const reply = (rootTs: string, pattern: RegExp, timeoutMs = 15_000) =>
  h!.slack.waitFor(() => h!.slack.thread(channel, rootTs).find((m) => pattern.test(textOf(m))), timeoutMs);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function click(user: string, actionId: string, message: StoredMessage, value: string) {
  return h!.driver.click({ user, channel, actionId, messageTs: message.ts, value, container: 'message' });
}

describe('canary-first batch reboots of app servers', () => {
  it('reboots the first server alone, then the rest in chunks of at most 20, each once the one before is back', async () => {
    await start(generatedAppServers(25));
    const names = Array.from({ length: 25 }, (_, i) => `app-${String(i + 1).padStart(3, '0')}`);
    const root = await confirmed(`appserver reboot ${names.join(' ')} --hard`);
    expect(textOf(await reply(root.ts, /reboot of 25 app servers ended after/))).toMatch(/25 back, 0 failed/);
    expect(items().map((list) => list.length)).toEqual([1, 20, 4]);
    expect(items()[0]).toEqual([idOf('app-001')]);
    // Each chunk was sent only after the one before had come back (a reboot takes 150 ms here).
    const [a, b, c] = patches().map((r) => r.at);
    expect(b! - a!).toBeGreaterThanOrEqual(150);
    expect(c! - b!).toBeGreaterThanOrEqual(150);
    expect(await reply(root.ts, /Canary app-001 is back/)).toBeTruthy();
  });

  it('keeps a soft reboot of several servers in one request when the policy names no canary', async () => {
    await start();
    const root = await confirmed('appserver reboot app-01 app-02 app-03');
    await reply(root.ts, /reboot of 3 app servers ended after/);
    expect(items()).toHaveLength(1);
  });

  it('does not call the second chunk when the first server ends in ERROR, and "Stop here" ends it there', async () => {
    await start();
    h!.huawei!.failNextReboot(idOf('app-01'));
    const root = await confirmed('appserver reboot app-01 app-02 app-03 --hard');
    const asked = await reply(root.ts, /did not come back cleanly/);
    expect(textOf(asked)).toMatch(/app-01.*ERROR.*The other 2 were not rebooted/);
    expect(textOf(asked)).toContain('Continue with the other 2');
    await sleep(600);
    expect(items()).toEqual([[idOf('app-01')]]);
    const operationId = /"value":"([0-9a-f-]{36})"/.exec(JSON.stringify(asked.blocks))![1]!;

    await click(operator, ActionId.stopSteps, asked, operationId);
    expect(textOf(await reply(root.ts, /chose to stop here/))).toMatch(/app-02, app-03 were not rebooted/);
    const summary = await reply(root.ts, /reboot of 3 app servers ended after/);
    expect(textOf(summary)).toMatch(/0 back, 1 failed/);
    expect(textOf(summary)).toMatch(/not sent after that failure\): app-02, app-03/);
    const op = await h!.bot.store.getOperation(operationId);
    expect(op?.state).toBe('failed');
    expect(await h!.bot.store.getServerLock(`huawei:${idOf('app-02')}`, 'acting')).toBeNull();

    await click(operator, ActionId.continueSteps, asked, operationId);
    expect(await h!.ephemeral(operator, /no longer waiting for a choice/)).toBeTruthy();
    expect(items()).toHaveLength(1);
  });

  it('"Continue with the other N" is an action of whoever clicks: refused to an outsider, done for an operator', async () => {
    await start();
    h!.huawei!.failNextReboot(idOf('app-01'));
    const root = await confirmed('appserver reboot app-01 app-02 app-03 --hard');
    const asked = await reply(root.ts, /did not come back cleanly/);
    const operationId = /"value":"([0-9a-f-]{36})"/.exec(JSON.stringify(asked.blocks))![1]!;

    await click(outsider, ActionId.continueSteps, asked, operationId);
    expect(await h!.ephemeral(outsider, /Nothing more was done/)).toBeTruthy();
    expect(items()).toHaveLength(1);

    await click(operator, ActionId.continueSteps, asked, operationId);
    expect(await h!.ephemeral(operator, /Going on: rebooting app-02, app-03/)).toBeTruthy();
    expect(await reply(root.ts, new RegExp(`<@${operator}> chose to go on`))).toBeTruthy();
    const summary = await reply(root.ts, /reboot of 3 app servers ended after/);
    expect(textOf(summary)).toMatch(/2 back, 1 failed/);
    expect(items()).toEqual([[idOf('app-01')], [idOf('app-02'), idOf('app-03')]]);
    const calls = await h!.bot.store.listCalls(operationId);
    expect(calls.map((c) => c.executor)).toEqual([operator, operator]);
  });
});
