import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, startHarness, textOf } from '../support/bot-harness.js';
import { ShiftedClock } from '../support/shifted-clock.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const hasConfirm = (m: { blocks?: unknown[] }) => JSON.stringify(m.blocks ?? []).includes(ActionId.confirm);

/** The person's private message whose (current) text matches `pattern`. */
function privateNow(harness: Harness, pattern: RegExp) {
  return harness.slack.waitFor(
    () => harness.slack.ephemerals(operator).find((m) => pattern.test(textOf(m))),
    5000,
  );
}

describe('a confirmation nobody used in time', () => {
  it('from a command: its message loses its buttons and says it expired, and the audit says so', async () => {
    const clock = new ShiftedClock();
    h = await startHarness({ clock });
    await h.command('restart web-01');
    const offer = h.slack.ephemerals(operator).at(-1)!;
    expect(hasConfirm(offer)).toBe(true);
    expect(textOf(offer)).toContain('expires in 5 minutes');

    clock.advance(6 * 60_000);
    const expired = await privateNow(h, /confirmation expired/);
    expect(expired.ts).toBe(offer.ts); // the same message, replaced
    expect(hasConfirm(expired)).toBe(false);
    expect(textOf(expired)).toContain('*Restart web-01*: this confirmation expired, so nothing was done');
    expect(textOf(expired)).not.toContain('expires in');
    expect(h.slack.ephemerals(operator).filter(hasConfirm)).toEqual([]);

    const trail = await h.command('audit web-01');
    expect(trail).toMatch(/_system_ · restart · \*web-01\* · expired/);
    expect(trail).toMatch(/<@UOPERATOR1> · restart · \*web-01\* · requested/);
    expect(h.sim.count('POST', /actions/)).toBe(0);
  });

  it('from a card’s button: the card became the confirmation, and that is replaced when it expires', async () => {
    const clock = new ShiftedClock();
    h = await startHarness({ clock });
    await h.command('show web-01');
    const card = h.slack.ephemerals(operator).at(-1)!;
    await h.driver.click({
      user: operator,
      channel,
      actionId: `${ActionId.requestPowerAction}:restart`,
      messageTs: card.ts,
      container: 'ephemeral',
    });
    const offer = await privateNow(h, /Restart web-01\?/);
    expect(offer.ts).toBe(card.ts);
    expect(hasConfirm(offer)).toBe(true);

    clock.advance(6 * 60_000);
    const expired = await privateNow(h, /confirmation expired/);
    expect(expired.ts).toBe(card.ts);
    expect(hasConfirm(expired)).toBe(false);
  });

  it('a confirmation used in time is left as its Confirm made it, and not audited as expired', async () => {
    const clock = new ShiftedClock();
    h = await startHarness({ clock });
    await h.command('restart web-01');
    await h.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
    await privateNow(h, /requested \(job/);
    clock.advance(6 * 60_000);
    await h.command('jobs'); // time for a few sweeps
    expect(h.slack.ephemerals(operator).some((m) => /confirmation expired/.test(textOf(m)))).toBe(false);
    const trail = await h.bot.store.listAudit({ target: 'vps_web01' });
    expect(trail.filter((e) => e.outcome === 'expired')).toEqual([]);
  });
});
