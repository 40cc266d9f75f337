import { join } from 'node:path';
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { slackClientOptions } from '../../src/slack/app.js';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, startHarness, textOf } from '../support/bot-harness.js';
import { botEnv, spawnBot } from '../support/bot-process.js';

let h: Harness | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await h?.close();
  h = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

  it('loses nothing across a refresh mid-burst: every command acked once and answered once', async () => {
    h = await startHarness({ mode: 'socket' });
    await h.slack.socket.waitForConnections(1);
    const before = h.slack.ephemerals(operator).length;
    const commands = 24;
    const sent: ReturnType<Harness['driver']['viaSocket']['slashCommand']>[] = [];
    let refreshed: Promise<void> | undefined;
    for (let i = 0; i < commands; i += 1) {
      if (i === 6) refreshed = h.slack.socket.refresh({ warningMs: 150, closeAfterMs: 150 });
      sent.push(h.driver.viaSocket.slashCommand({ user: operator, channel, text: 'help' }));
      await sleep(25);
    }
    const acks = await Promise.all(sent);
    await refreshed;

    expect(h.slack.socket.connectionsOpened).toBe(2);
    expect(acks.map((a) => h!.slack.socket.ackCount(a.envelopeId))).toEqual(Array(commands).fill(1));
    await h.slack.waitFor((f) => f.ephemerals(operator).length >= before + commands || undefined, 10_000);
    await sleep(300);
    expect(h.slack.ephemerals(operator).length - before).toBe(commands);
    expect(h.slack.socket.connectionCount).toBe(1);
  });

  it('reconnects by itself when the socket drops, and answers again', async () => {
    h = await startHarness({ mode: 'socket' });
    await h.slack.socket.waitForConnections(1);
    h.slack.socket.terminateAll();
    await h.slack.waitFor((f) => f.socket.connectionsOpened === 2 || undefined, 10_000);
    await h.driver.viaSocket.slashCommand({ user: operator, channel, text: 'help' });
    expect(await h.ephemeral(operator, /\/vps list/)).toBeTruthy();
  });

  it('refuses to start as an 11th connection, saying why and how many replicas fit', async () => {
    h = await startHarness({ mode: 'socket' });
    const appClient = new webApi.WebClient(h.slack.appToken, slackClientOptions(h.slack.apiUrl));
    const others: WebSocket[] = [];
    for (let i = 0; i < 9; i += 1) {
      const { url } = await appClient.apps.connections.open();
      others.push(new WebSocket(url as string));
    }
    cleanups.push(() => {
      for (const other of others) other.terminate();
    });
    await h.slack.socket.waitForConnections(10);

    const second = spawnBot(
      botEnv(
        { sim: h.sim, slack: h.slack, databaseUrl: join(h.dir, 'second.db') },
        { SLACK_MODE: 'socket', SLACK_APP_TOKEN: h.slack.appToken, LOG_LEVEL: 'info' },
      ),
    );
    cleanups.push(() => void second.child.kill('SIGKILL'));
    expect(await second.exited).toBe(1);
    const output = second.lines.join('\n');
    expect(output).toMatch(
      /vps-chatops failed to start: Slack refused the Socket Mode connection: too_many_websockets/,
    );
    expect(output).toMatch(/Each replica holds up to 2 connections .* at most 5 replicas in Socket Mode/);
    expect(output).not.toContain(h.slack.appToken);
    expect(h.slack.socket.connectionsRefused).toBe(1);

    // The replica that was there first is untouched (once the others, newer, have gone).
    for (const other of others) other.terminate();
    await h.slack.waitFor((f) => f.socket.connectionCount === 1 || undefined);
    await h.driver.viaSocket.slashCommand({ user: operator, channel, text: 'help' });
    expect(await h.ephemeral(operator, /\/vps list/)).toBeTruthy();
  }, 60_000);
});
