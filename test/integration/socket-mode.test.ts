import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, startHarness, textOf } from '../support/bot-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Socket Mode', () => {
  it('connects through apps.connections.open, acks every envelope by id, and answers', async () => {
    h = await startHarness({ mode: 'socket' });
    await h.slack.socket.waitForConnections(1);
    expect(h.slack.callsTo('apps.connections.open')).toHaveLength(1);

    const ack = await h.driver.viaSocket.slashCommand({ user: operator, channel, text: 'show web-01' });
    expect(h.slack.socket.acks.map((a) => a.envelopeId)).toContain(ack.envelopeId);
    expect(await h.ephemeral(operator, /web-01/)).toContain('203.0.113.10');
  });

  it('runs an action through Confirm exactly once, even when Confirm is clicked twice', async () => {
    h = await startHarness({ mode: 'socket' });
    await h.slack.socket.waitForConnections(1);
    await h.driver.viaSocket.slashCommand({ user: operator, channel, text: 'restart web-01' });
    await h.ephemeral(operator, /Restart web-01\?/);
    const ts = h.slack.ephemerals(operator).at(-1)!.ts;
    const click = {
      user: operator,
      channel,
      actionId: ActionId.confirm,
      container: 'ephemeral' as const,
      messageTs: ts,
    };
    await Promise.all([h.driver.viaSocket.click(click), h.driver.viaSocket.click(click)]);
    await h.slack.waitFor(() => h!.slack.messages(channel).find((m) => /restarted/.test(textOf(m))), 5000);
    expect(h.sim.count('POST', /actions\/restart$/)).toBe(1);
  });

  it('reconnects when Slack asks it to, and keeps answering', async () => {
    h = await startHarness({ mode: 'socket' });
    await h.slack.socket.waitForConnections(1);
    h.slack.socket.disconnect('refresh_requested');
    await h.slack.waitFor(() => h!.slack.socket.connectionsOpened >= 2 || undefined, 10_000);
    await h.slack.socket.waitForConnections(1);
    await h.driver.viaSocket.slashCommand({ user: operator, channel, text: 'help' });
    expect(await h.ephemeral(operator, /\/vps list/)).toBeTruthy();
  });
});
