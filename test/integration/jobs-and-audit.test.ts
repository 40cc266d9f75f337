import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, startHarness, textOf } from '../support/bot-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Confirms `text` (an acting command on `name`) and waits until its thread has the final reply. */
async function runToTheEnd(harness: Harness, text: string): Promise<{ rootTs: string; final: string }> {
  const name = text.split(' ')[1]!;
  await harness.command(text);
  await harness.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
  const root = await harness.slack.waitFor(() =>
    harness.slack.messages(channel).find((m) => new RegExp(`\\*${name}\\* · job \`job_`).test(textOf(m))),
  );
  const final = await harness.slack.waitFor(
    () =>
      harness.slack
        .thread(channel, root.ts)
        .map(textOf)
        .find((t) => /completed in|failed after/.test(t)),
    15_000,
  );
  return { rootTs: root.ts, final };
}

const tokyo = { users: { [operator]: { name: 'ana', tz: 'Asia/Tokyo' } } };

describe('/vps job and /vps jobs', () => {
  it('a finished job shows its outcome and duration, not the last progress it reported', async () => {
    // Long enough for the tracker (first reading after 1 s) to see it running.
    h = await startHarness({ sim: { job: { queuedMs: 50, runningMs: 2400, progressSteps: 3 } } });
    await runToTheEnd(h, 'restart web-01');
    const op = (await h.bot.store.listRecentOperations(1))[0]!;
    expect(op.progressMessage).toMatch(/Rebooting/); // HostUp's last reading is kept, but is not the state
    const shown = await h.command(`job ${op.jobId}`);
    expect(shown).toMatch(/Ended: :white_check_mark: completed in \d+ s/);
    expect(shown).not.toMatch(/%/);
    expect(shown).not.toMatch(/Rebooting/);
  });

  it('lists the jobs that ended lately once nothing is being followed', async () => {
    h = await startHarness();
    await runToTheEnd(h, 'restart web-01');
    await h.slack.waitFor(async () => (await h!.bot.store.listActiveOperations()).length === 0 || undefined);
    const list = await h.command('jobs');
    expect(list).toContain('Nothing is being followed right now.');
    expect(list).toMatch(
      /Recently ended\*\n\*web-01\* restart · `job_[^`]+` · :white_check_mark: completed in \d+ s/,
    );
  });

  it('the thread of a short job hears each progress step, not only the first', async () => {
    h = await startHarness({ sim: { job: { queuedMs: 50, runningMs: 3000, progressSteps: 3 } } });
    const { rootTs } = await runToTheEnd(h, 'restart web-01');
    const steps = h.slack
      .thread(channel, rootTs)
      .map(textOf)
      .filter((t) => /In progress \d+%/.test(t))
      .map((t) => /In progress (\d+)%/.exec(t)![1]);
    expect(new Set(steps).size).toBeGreaterThanOrEqual(2);
  });
});

describe('/vps audit', () => {
  it('shows times in the reader’s own time zone, and names it', async () => {
    h = await startHarness({ slack: tokyo });
    await h.command('restart web-01');
    const trail = await h.command('audit web-01');
    expect(trail).toMatch(
      /\d{4}-\d\d-\d\d \d\d:\d\d GMT\+9 · <@UOPERATOR1> · restart · \*web-01\* · requested/,
    );
    expect(trail).toContain('Times are in your time zone, Asia/Tokyo (GMT+9).');
  });

  it('falls back to UTC, and says so, when Slack cannot tell the zone', async () => {
    h = await startHarness({ slack: tokyo });
    h.slack.failNext('users.info', { error: 'user_not_found' });
    await h.command('restart web-01');
    const trail = await h.command('audit');
    expect(trail).toMatch(/\d\d:\d\d UTC · <@UOPERATOR1>/);
    expect(trail).toContain('Times are in UTC.');
  });

  it('says how many entries were left out, and how to get them all', async () => {
    h = await startHarness();
    for (let i = 0; i < 30; i++) {
      await h.bot.store.appendAudit({
        actor: operator,
        action: 'restart',
        target: 'vps_web01',
        outcome: 'requested',
        detail: { vpsName: 'web-01' },
      });
    }
    const trail = await h.command('audit web-01');
    expect(trail.match(/· restart · \*web-01\* · requested/g)?.length).toBe(25);
    expect(trail).toContain('Showing the newest 25 of 30 entries: `/vps audit export` sends you all of them');
  });

  it('shows a hostname change as old → new', async () => {
    h = await startHarness();
    await h.command('hostname web-01 api.example.com');
    await h.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
    await h.slack.waitFor(() =>
      h!.slack.messages(channel).find((m) => /changed the hostname of \*web-01\*/.test(textOf(m))),
    );
    const trail = await h.command('audit web-01');
    expect(trail).toMatch(
      /hostname · \*web-01\* · executed — hostname web-01\.example\.com → api\.example\.com/,
    );
  });

  it('has a row when a followed operation completes, and when one fails', async () => {
    h = await startHarness();
    await runToTheEnd(h, 'restart web-01');
    h.sim.failNextJob({ action: 'restart', code: 'guest_unresponsive', detail: 'No answer' });
    await runToTheEnd(h, 'restart web-02');
    const trail = await h.command('audit');
    expect(trail).toMatch(/_system_ · restart · \*web-01\* · completed — job job_\S+ · took \d+ s/);
    expect(trail).toMatch(
      /_system_ · restart · \*web-02\* · failed — job job_\S+ · took \d+ s · error guest_unresponsive/,
    );
  });
});
