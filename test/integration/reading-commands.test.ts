import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, outsider, startHarness, textOf } from '../support/bot-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('/vps reading commands over HTTP', () => {
  it('answers help privately, listing every command', async () => {
    h = await startHarness();
    const text = await h.command('help', outsider);
    expect(text).toContain('/vps list [filter]');
    expect(text).toContain('/vps restart <vps> [--force]');
  });

  it('explains a malformed command with its usage, and calls no API', async () => {
    h = await startHarness();
    const text = await h.command('restart');
    expect(text).toMatch(/Usage: `\/vps restart <vps> \[--force\]`/);
    expect(h.sim.requests).toHaveLength(0);
  });

  it('lists VPSes across API pages and pages the card with a Show more button', async () => {
    h = await startHarness({ sim: { count: 230 } });
    const text = await h.command('list');
    expect(text).toContain('230 VPSes');
    expect(text).toContain('showing 1–25');
    expect(h.sim.count('GET', /\/api\/v2\/vps(\?|$)/)).toBe(3);

    const click = await h.driver.click({
      user: operator,
      channel,
      actionId: ActionId.listMore,
      container: 'ephemeral',
    });
    expect(click.status).toBe(200);
    expect(await h.ephemeral(operator, /showing 26–50/)).toContain('Show more (180 left)');
  });

  it('filters the list', async () => {
    h = await startHarness();
    const text = await h.command('list web');
    expect(text).toContain('2 VPSes');
    expect(text).toContain('web-01');
    expect(text).not.toContain('db-01');
  });

  it('shows a card with buttons for the actions its gates allow, by name, IP or hostname', async () => {
    h = await startHarness();
    const byName = await h.command('show WEB-01');
    expect(byName).toContain('203.0.113.10');
    expect(byName).toContain('Restart');
    expect(byName).toMatch(/Start: .+/);

    expect(await h.command('show 203.0.113.10')).toContain('web-01.example.com');
    expect(await h.command('show web-01.example.com')).toContain('203.0.113.10');
  });

  it('suggests the closest names for an unknown VPS', async () => {
    h = await startHarness();
    expect(await h.command('show web-1')).toMatch(/Did you mean \*web-01\*/);
  });

  it('offers buttons to pick one when a name is ambiguous, and never guesses', async () => {
    h = await startHarness({
      sim: {
        vpses: [
          { id: 'vps_a', name: 'app', primaryIp: '198.51.100.1' },
          { id: 'vps_b', name: 'App', primaryIp: '198.51.100.2' },
        ],
      },
    });
    const text = await h.command('restart app');
    expect(text).toContain('matches 2 VPSes');
    const pick = h.slack.ephemerals(operator).at(-1)!;
    const buttons = JSON.stringify(pick.blocks);
    expect(buttons).toContain(`${ActionId.requestPowerAction}:0`);
    expect(h.sim.count('POST', /actions/)).toBe(0);
  });

  it('lists snapshots with their age and expiry', async () => {
    h = await startHarness();
    const text = await h.command('snapshots web-01');
    expect(text).toContain('before-upgrade');
    expect(text).toMatch(/expires in/);
  });

  it('refuses to answer in a channel that is not allowed, and says why', async () => {
    h = await startHarness({ env: { VPS_ALLOWED_CHANNELS: 'CELSEWHERE' } });
    const text = await h.command('list');
    expect(text).toMatch(/\/vps does not answer in this channel; use it in <#CELSEWHERE>/);
    expect(text).not.toContain('VPS_');
    expect(h.sim.requests).toHaveLength(0);
  });

  it('turns an API failure into a sentence with what to do, and keeps running', async () => {
    h = await startHarness();
    h.sim.inject({ kind: 'status', status: 500, code: 'internal_error', detail: 'database unavailable' });
    const text = await h.command('list');
    expect(text).toContain('internal_error');
    expect(text).toMatch(/Request id for support: req_/);
    expect(await h.command('list')).toContain('VPSes');
  });

  it('keeps every reply within Slack’s limits (the fake Slack rejects anything else)', async () => {
    h = await startHarness({ sim: { count: 120 } });
    await h.command('list');
    await h.command('show web-001');
    const failed = h.slack.calls.filter((c) => !c.ok);
    expect(failed).toEqual([]);
    expect(textOf(h.slack.ephemerals(operator).at(-1)!)).toContain('web-001');
  });
});
