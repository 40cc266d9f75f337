import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { channel, type Harness, operator, startHarness, textOf } from '../support/bot-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('requests from Slack', () => {
  it('refuses a forged signature with 401 and changes nothing', async () => {
    h = await startHarness();
    await h.command('restart web-01');
    const forged = await h.driver.click(
      { user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' },
      { signature: `v0=${'0'.repeat(64)}` },
    );
    expect(forged.status).toBe(401);
    const command = await h.driver.slashCommand(
      { user: operator, channel, text: 'list' },
      { signature: 'v0=abc' },
    );
    expect(command.status).toBe(401);
    expect(h.sim.count('POST', /actions/)).toBe(0);
    expect(h.sim.count('GET', /\/api\/v2\/vps\?/)).toBe(1);
  });

  it('refuses a correctly signed but stale request (over 5 minutes old) with 401', async () => {
    h = await startHarness();
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const answer = await h.driver.slashCommand(
      { user: operator, channel, text: 'list' },
      { timestamp: stale },
    );
    expect(answer.status).toBe(401);
    expect(h.sim.requests).toHaveLength(0);
    expect(h.slack.ephemerals(operator)).toHaveLength(0);
  });

  it('refuses correctly signed requests dated 1 hour and 1 year ahead with 401, and runs nothing', async () => {
    h = await startHarness();
    await h.command('restart web-01');
    const offered = h.slack.ephemerals(operator).length;
    const readsBefore = h.sim.requests.length;
    const now = Math.floor(Date.now() / 1000);
    for (const ahead of [60 * 60, 365 * 24 * 60 * 60]) {
      const command = await h.driver.slashCommand(
        { user: operator, channel, text: 'list' },
        { timestamp: now + ahead },
      );
      const confirm = await h.driver.click(
        { user: operator, channel, actionId: ActionId.confirm, container: 'ephemeral' },
        { timestamp: now + ahead },
      );
      expect([command.status, confirm.status]).toEqual([401, 401]);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.sim.requests).toHaveLength(readsBefore);
    expect(h.sim.count('POST', /actions/)).toBe(0);
    expect(h.slack.ephemerals(operator)).toHaveLength(offered);
    expect(h.slack.messages(channel)).toHaveLength(0);
  });

  it('accepts a correctly signed request dated 4 minutes ago', async () => {
    h = await startHarness();
    const answer = await h.driver.slashCommand(
      { user: operator, channel, text: 'show web-01' },
      { timestamp: Math.floor(Date.now() / 1000) - 4 * 60 },
    );
    expect(answer.status).toBe(200);
    expect(await h.ephemeral(operator, /web-01/)).toContain('203.0.113.10');
  });

  it('acks a command before the API work: a slow HostUp does not delay the 200', async () => {
    h = await startHarness();
    h.sim.inject({ kind: 'latency', ms: 1500, times: Number.POSITIVE_INFINITY });
    const answer = await h.driver.slashCommand({ user: operator, channel, text: 'show web-01' });
    expect(answer.status).toBe(200);
    // The reply can only exist after HostUp answered; the ack came first.
    expect(h.slack.ephemerals(operator)).toHaveLength(0);
    expect(await h.ephemeral(operator, /web-01/)).toContain('203.0.113.10');
  });

  it('answers every random /vps text privately, never acts, and keeps running', async () => {
    h = await startHarness();
    const verbs = [
      'list',
      'show',
      'restart',
      'stop',
      'reset',
      'start',
      'hostname',
      'snapshots',
      'help',
      'job',
      'audit',
    ];
    const word = fc.oneof(
      fc.constantFrom(
        ...verbs,
        '--force',
        '--hard',
        'web-01',
        '"quoted name"',
        '<http://a.b|a.b>',
        '&lt;',
        '\u0000',
      ),
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
    );
    const text = fc.oneof(
      fc.array(word, { maxLength: 6 }).map((w) => w.join(' ')),
      fc.string({ maxLength: 1200 }),
    );
    const samples = fc.sample(text, { numRuns: 1500, seed: 42 });
    const before = h.slack.ephemerals(operator).length;
    for (let i = 0; i < samples.length; i += 25) {
      const batch = samples.slice(i, i + 25);
      const answers = await Promise.all(
        batch.map((t) => h!.driver.slashCommand({ user: operator, channel, text: t })),
      );
      expect(answers.map((a) => a.status)).toEqual(batch.map(() => 200));
    }
    await h.slack.waitFor(
      () => h!.slack.ephemerals(operator).length >= before + samples.length || undefined,
      20_000,
    );
    expect(h.slack.ephemerals(operator).length - before).toBe(samples.length);
    expect(h.slack.ephemerals(operator).every((e) => textOf(e).trim().length > 0)).toBe(true);
    // Confirmations may have been offered; nothing was ever confirmed, so nothing acted.
    expect(h.sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(h.slack.calls.filter((c) => !c.ok)).toEqual([]);
    expect(await h.command('help')).toContain('/vps list');
  }, 120_000);
});
