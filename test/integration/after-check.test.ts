import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, startHarness, textOf } from '../support/bot-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Runs the command, confirms it, and waits for the final reply in the thread. */
async function finalReply(text: string, name: string): Promise<string> {
  await h!.command(text);
  await h!.driver.click({ user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' });
  const root = await h!.slack.waitFor(
    () => h!.slack.messages(channel).find((m) => new RegExp(`\\*${name}\\*`).test(textOf(m))),
    5000,
  );
  const final = await h!.slack.waitFor(
    () => h!.slack.thread(channel, root.ts).find((m) => /completed/.test(textOf(m))),
    8000,
  );
  return textOf(final);
}

describe('the after-check: is the server really back once its operation completed', () => {
  it('reads the live status after a restart and says it is running, and for how long', async () => {
    h = await startHarness();
    const reads = () => h!.sim.count('GET', '/api/v2/vps/vps_web01/status');
    expect(await finalReply('restart web-01', 'web-01')).toMatch(
      /:white_check_mark: .*web-01 restarted — completed in \d+ s; running, up \d+ s\./,
    );
    expect(reads()).toBe(1);
  });

  it('flags a start that completed while the server reports stopped', async () => {
    h = await startHarness();
    h.sim.updateVps('vps_web02', { powerState: 'stopped' });
    // The moment HostUp completes the job, the server is stopped again (a guest that powers off
    // at boot): the bot's next poll is at least 20 ms later, so it reads it stopped.
    const watch = setInterval(() => {
      const job = h?.sim.jobs.find((j) => j.vpsId === 'vps_web02' && j.status === 'completed');
      if (job) {
        h!.sim.updateVps('vps_web02', { powerState: 'stopped' });
        clearInterval(watch);
      }
    }, 1);
    try {
      expect(await finalReply('start web-02', 'web-02')).toMatch(
        /:warning: .*web-02 started — completed, but web-02 reports stopped\./,
      );
    } finally {
      clearInterval(watch);
    }
  });

  it('says so when the live status cannot be read, rather than claiming it is back', async () => {
    h = await startHarness();
    h.sim.inject({ match: { method: 'GET', path: '/status' }, kind: 'status', status: 500, times: Infinity });
    expect(await finalReply('restart web-01', 'web-01')).toMatch(
      /:warning: .*web-01 restarted — completed, but its live status could not be read/,
    );
  });
});
