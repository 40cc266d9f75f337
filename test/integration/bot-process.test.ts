import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHostUpSimulator } from '../../src/simulator/hostup/index.js';
import { createFakeSlack } from '../../src/simulator/slack/server.js';
import { channel, operator, signingSecret, textOf } from '../support/bot-harness.js';
import { botEnv, spawnBot, startBotProcess } from '../support/bot-process.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the bot as a process (npm start)', () => {
  it('starts from the environment, answers, and stops cleanly on SIGTERM', async () => {
    const sim = createHostUpSimulator();
    await sim.listen(0, '127.0.0.1');
    const slack = createFakeSlack();
    await slack.listen(0, '127.0.0.1');
    const dir = mkdtempSync(join(tmpdir(), 'vps-chatops-proc-'));
    cleanups.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => slack.close(),
      () => sim.close(),
    );

    const { bot, driver } = await startBotProcess(
      botEnv({ sim, slack, databaseUrl: join(dir, 'bot.db') }),
      slack,
    );
    cleanups.push(() => void bot.child.kill('SIGKILL'));
    await driver.slashCommand({ user: operator, channel, text: 'show web-01' });
    const card = await slack.waitFor(() => slack.ephemerals(operator).at(-1), 10_000);
    expect(textOf(card)).toContain('203.0.113.10');

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.lines.join('\n')).toContain('stopping');
    // No secret ever reaches a log line.
    expect(bot.lines.join('\n')).not.toContain(sim.token);
    expect(bot.lines.join('\n')).not.toContain(slack.botToken);
    expect(bot.lines.join('\n')).not.toContain(signingSecret);
  }, 60_000);

  it('refuses to start with a bad configuration, naming every problem and no secret', async () => {
    const bot = spawnBot({
      SLACK_BOT_TOKEN: 'xoxp-user-token-secret-value',
      PORT: 'eighty',
      SLACK_MODE: 'http',
    });
    const code = await bot.exited;
    const output = bot.lines.join('\n');
    expect(code).toBe(78);
    for (const name of ['HOSTUP_API_TOKEN', 'SLACK_BOT_TOKEN', 'PORT', 'SLACK_SIGNING_SECRET']) {
      expect(output).toContain(name);
    }
    expect(output).not.toContain('xoxp-user-token-secret-value');
  }, 30_000);
});
