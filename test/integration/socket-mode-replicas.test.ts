import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createHostUpSimulator } from '../../src/simulator/hostup/index.js';
import { createFakeSlack } from '../../src/simulator/slack/server.js';
import { openStore } from '../../src/store/open-store.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('how many replicas may hold Socket Mode connections', () => {
  it('refuses to start a sixth replica with a message that says what to do, and starts once there is room', async () => {
    const sim = createHostUpSimulator();
    await sim.listen(0, '127.0.0.1');
    const slack = createFakeSlack();
    await slack.listen(0, '127.0.0.1');
    const dir = mkdtempSync(join(tmpdir(), 'vps-replicas-'));
    cleanups.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => slack.close(),
      () => sim.close(),
    );
    const databaseUrl = join(dir, 'bot.db');
    // Five replicas already running (their heartbeats in the shared database).
    const others = await openStore(databaseUrl, { clock: systemClock });
    cleanups.push(() => others.close());
    for (let i = 1; i <= 5; i++) {
      await others.registerReplica({ id: `replica-${i}`, now: Date.now(), leaseMs: 60_000, max: 5 });
    }
    const config = loadConfig({
      HOSTUP_API_URL: sim.url,
      HOSTUP_API_TOKEN: sim.token,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_APP_TOKEN: slack.appToken,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
    });
    const start = async () => {
      const bot = await createBot({ config, logger: createLogger({ level: 'silent', pretty: false }) });
      cleanups.push(() => bot.stop());
      return bot;
    };

    const sixth = await start();
    const refused = await sixth.start().then(
      () => null,
      (error: Error & { code?: string }) => error,
    );
    expect(refused?.code).toBe('too_many_replicas');
    expect(refused?.message).toContain('5 other replica(s) of this bot are running in Socket Mode');
    expect(refused?.message).toContain('SLACK_MODE=http');
    expect(slack.socket.connectionsOpened).toBe(0);
    await sixth.stop();

    await others.removeReplica('replica-5');
    const fifth = await start();
    await fifth.start();
    await slack.socket.waitForConnections(1);
    // It holds a place now: a seventh could not join.
    expect(
      await others.registerReplica({ id: 'replica-7', now: Date.now(), leaseMs: 60_000, max: 5 }),
    ).toEqual({
      ok: false,
      live: 5,
    });
    await fifth.stop();
    expect(
      (await others.registerReplica({ id: 'replica-7', now: Date.now(), leaseMs: 60_000, max: 5 })).ok,
    ).toBe(true);
  }, 30_000);
});
