import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, startHarness } from '../support/bot-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const twins = {
  vpses: [
    { id: 'vps_api1', name: 'edge-a', primaryIp: '198.51.100.1', hostname: 'api.example.com' },
    { id: 'vps_api2', name: 'edge-b', primaryIp: '198.51.100.2', hostname: 'api.example.com' },
    { id: 'vps_web1', name: 'web-01', primaryIp: '198.51.100.3', hostname: 'www.example.com' },
  ],
};

/** The buttons of the person's newest private message. */
function lastButtons(harness: Harness, user = operator): { action_id: string; value: string }[] {
  const blocks = harness.slack.ephemerals(user).at(-1)?.blocks ?? [];
  return blocks.flatMap((b) =>
    ((b as { elements?: { type: string; action_id: string; value: string }[] }).elements ?? []).filter(
      (e) => e.type === 'button',
    ),
  );
}

describe('finding a server by what people call it', () => {
  it('finds a VPS by a hostname that does not start with its name', async () => {
    h = await startHarness({ sim: { vpses: twins.vpses.slice(2) } });
    const card = await h.command('show www.example.com');
    expect(card).toContain('web-01');
    expect(card).toContain('198.51.100.3');
    expect(card).not.toContain('No VPS is called');
  });

  it('asks which one when two VPSes have the same hostname, and picks neither', async () => {
    h = await startHarness({ sim: twins });
    const answer = await h.command('restart api.example.com');
    expect(answer).toContain('“api.example.com” matches 2 VPSes');
    const buttons = lastButtons(h);
    expect(buttons.map((b) => JSON.parse(b.value).vpsId)).toEqual(['vps_api1', 'vps_api2']);
    expect(answer).not.toContain('Restart edge');
    expect(h.sim.count('POST', /actions/)).toBe(0);
  });

  it('offers “Did you mean” as a button that shows the card', async () => {
    h = await startHarness();
    const answer = await h.command('show web-1');
    expect(answer).toMatch(/Did you mean \*web-01\*/);
    const [button] = lastButtons(h);
    expect(button?.value).toBe('vps_web01');
    await h.driver.click({ user: operator, channel, actionId: button!.action_id, container: 'ephemeral' });
    expect(await h.ephemeral(operator, /Primary IP/)).toContain('203.0.113.10');
  });

  it('a suggestion for an action carries the action on, to its confirmation', async () => {
    h = await startHarness();
    await h.command('restart web-1');
    const [button] = lastButtons(h);
    expect(button?.action_id.startsWith(ActionId.requestPowerAction)).toBe(true);
    await h.driver.click({ user: operator, channel, actionId: button!.action_id, container: 'ephemeral' });
    expect(await h.ephemeral(operator, /Restart web-01\?/)).toContain('Restart');
    expect(h.sim.count('POST', /actions/)).toBe(0);
  });

  it('suggests app servers by stem when the number typed is past the last one', async () => {
    h = await startHarness({ huawei: true });
    const answer = await h.command('appserver reboot app-9');
    expect(answer).toMatch(
      /No app server is called “app-9”\. Did you mean \*app-01\*, \*app-02\*, \*app-03\*\?/,
    );
  });
});
