import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, startHarness, textOf } from '../support/bot-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a HostUp outage while the bot follows a job', () => {
  it('tells the thread once that HostUp stopped answering, then posts the final reply once the polls succeed', async () => {
    // Told after 3 failed polls spanning at least half a second (the bot's default: 30 s).
    h = await startHarness({ pollOutage: { failures: 3, silenceMs: 500 } });
    // The job polls answer 503 three times (the bot backs off 1 s, then 2 s), then answer again.
    h.sim.inject({ kind: 'status', status: 503, times: 3, match: { path: '/api/jobs' } });
    await h.driver.slashCommand({ user: operator, channel, text: 'restart web-01' });
    const offer = await h.slack.waitFor(() => h!.slack.ephemerals(operator).at(-1), 5000);
    await h.driver.click({
      user: operator,
      channel,
      actionId: ActionId.confirm,
      container: 'ephemeral',
      messageTs: offer.ts,
    });

    const root = await h.slack.waitFor(
      () => h!.slack.messages(channel).find((m) => /restart(ed|ing) \*web-01\*/.test(textOf(m))),
      5000,
    );
    const thread = () => h!.slack.thread(channel, root.ts).map(textOf);
    const outage = await h.slack.waitFor(
      () => thread().find((t) => /has not answered about this job since/.test(t)),
      15_000,
    );
    expect(outage).toContain('the bot keeps asking');
    // The job ended during the outage (it runs 180 ms): the first good answer ends the thread.
    await h.slack.waitFor(() => thread().find((t) => /completed in/.test(t)), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(thread().filter((t) => /has not answered/.test(t))).toHaveLength(1);
    expect(thread().filter((t) => /completed in/.test(t))).toHaveLength(1);
    // The root said so meanwhile, and shows the real outcome now.
    const current = h.slack.message(channel, root.ts)!;
    const versions = [...current.edits.map((e) => textOf(e)), textOf(current)];
    expect(versions.some((v) => /has not answered about this job since .*still trying/s.test(v))).toBe(true);
    expect(textOf(current)).toMatch(/restarted \*web-01\*/);
    expect(textOf(current)).not.toContain('has not answered');
    expect(h.sim.count('GET', /^\/api\/jobs\//)).toBeGreaterThanOrEqual(4);
  }, 30_000);
});
