import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, outsider, startHarness, textOf } from '../support/bot-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const createRoute = /^\/api\/v2\/vps\/vps_web01\/snapshots$/;

describe('/vps snapshot <vps> [name]', () => {
  it('takes a snapshot named manual-<UTC minute> after Confirm, once, and follows its job to the end', async () => {
    h = await startHarness();
    const offer = await h.command('snapshot web-01');
    const name = /Take snapshot (manual-\d{8}-\d{4}) of web-01\?/.exec(offer)?.[1];
    expect(name).toBeDefined();
    expect(h.sim.count('POST', createRoute)).toBe(0);

    await h.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
    await h.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
    const root = await h.slack.waitFor(
      () => h!.slack.messages(channel).find((m) => /took a snapshot of \*web-01\*/.test(textOf(m))),
      8000,
    );
    const ready = await h.slack.waitFor(
      () => h!.slack.thread(channel, root.ts).find((m) => /is ready — completed/.test(textOf(m))),
      8000,
    );
    expect(textOf(ready)).toContain(`snapshot \`${name}\` of web-01 is ready`);
    expect(h.sim.count('POST', createRoute)).toBe(1);
    expect(h.sim.calls.find((c) => createRoute.test(c.path))?.body).toEqual({ name });
    expect(h.sim.getVps('vps_web01')!.snapshots.map((s) => s.name)).toContain(name);
    const audit = await h.command('audit web-01');
    expect(audit).toMatch(/snapshot · \*web-01\* · executed/);
  });

  it('takes the name given, refuses one that is not a snapshot name or that the VPS has, and calls nothing then', async () => {
    h = await startHarness();
    expect(await h.command('snapshot web-01 "before upgrade!"')).toMatch(
      /A snapshot name is letters, digits/,
    );
    expect(await h.command('snapshot web-01 before-upgrade')).toMatch(
      /already has a snapshot called `before-upgrade`: give another name/,
    );
    expect(await h.command('snapshot web-01 pre-deploy')).toMatch(/Take snapshot pre-deploy of web-01\?/);
    expect(h.sim.count('POST', createRoute)).toBe(0);
  });

  it('says why when HostUp allows no more snapshots, and only operators may take one', async () => {
    h = await startHarness();
    h.sim.updateVps('vps_web01', { snapshotLimit: 2 });
    expect(await h.command('snapshot web-01')).toMatch(/HostUp does not allow a snapshot of \*web-01\* now/);
    expect(await h.command('snapshot web-01', outsider)).toMatch(/Only .* may act on servers/);
    expect(h.sim.count('POST', createRoute)).toBe(0);
  });
});
