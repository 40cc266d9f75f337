import { copyFileSync, mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { people, playgroundChannel } from '../../src/playground/people.js';
import { type Playground, startPlayground } from '../../src/playground/playground.js';
import { browserAvailable, launchChromium } from './browser.js';

const [ana, bo, , dee] = people.map((p) => p.id);
const shots = 'test-output';

let browser: Browser | undefined;
let pg: Playground | undefined;
let page: Page;
const errors: string[] = [];

/** Waits generously: a busy 2-core machine runs the bot, the simulators and Chromium at once. */
const wait = { timeout: 15_000 };

async function be(user: string | undefined): Promise<void> {
  await page.selectOption('#who', user!);
  await page.locator('.live', { hasText: 'live' }).waitFor(wait);
}

/** Saves the page under test-output/; with UPDATE_SCREENSHOT=1 the restore flow's and the App Home's become the README's. */
async function shoot(name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}/${name}` });
  const readme: Record<string, string> = {
    'playground-restore.png': 'playground.png',
    'app-home.png': 'app-home.png',
  };
  if (readme[name] && process.env.UPDATE_SCREENSHOT === '1') {
    mkdirSync('docs', { recursive: true });
    copyFileSync(`${shots}/${name}`, `docs/${readme[name]}`);
  }
}

async function type(text: string): Promise<void> {
  await page.fill('#composer-input', text);
  await page.press('#composer-input', 'Enter');
}

describe.skipIf(!browserAvailable())('the playground in a browser', () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    pg = await startPlayground({
      port: 0,
      job: { queuedMs: 300, runningMs: 1200, progressSteps: 3 },
      logLevel: 'silent',
      graceSeconds: 0,
    });
    page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
    errors.length = 0;
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(pg.url);
  });
  afterEach(async () => {
    await page?.close();
    await pg?.close();
    pg = undefined;
    expect(errors).toEqual([]);
  });

  it('an operator restarts web-01 from the composer and watches its thread reach completed', async () => {
    await be(ana);
    await type('/vps restart web-01');

    const offer = page.locator('.msg-ephemeral', { hasText: 'Restart web-01?' });
    await offer.waitFor(wait);
    expect(await offer.textContent()).toContain('Only visible to you');
    expect(pg!.hostup.count('POST', /actions\/restart$/)).toBe(0);
    await offer.locator('[data-action-id="vps.confirm"]').click();

    const root = page.locator('#messages .msg-message', { hasText: 'restarted' });
    await root.waitFor(wait);
    expect(await root.textContent()).toContain('@Ana');
    await root.locator('.replies').click(wait);
    const thread = page.locator('#thread-messages');
    await thread
      .locator('.msg', { hasText: /completed/i })
      .first()
      .waitFor({ timeout: 20_000 });
    await root.locator('.edited').waitFor(wait);
    expect(await root.textContent()).toMatch(/completed/);
    expect(pg!.hostup.count('POST', /actions\/restart$/)).toBe(1);

    await shoot('playground-restart.png');
  });

  it('an operator asks to restore web-01 in a modal, an approver approves, and the thread reaches completed', async () => {
    await be(ana);
    await type('/vps restore web-01');
    const modal = page.getByRole('dialog', { name: 'Restore snapshot' });
    await modal.waitFor(wait);
    await modal.locator('select[data-action-id="snapshot"]').selectOption('before-upgrade');
    await modal.getByLabel('Why? (shown to approvers)').fill('the upgrade broke nginx');
    await modal.getByRole('button', { name: 'Request approval' }).click();
    await modal.waitFor({ state: 'detached', ...wait });

    const request = page.locator('.msg-message', { hasText: 'Approval needed' });
    await request.waitFor(wait);
    expect(await request.textContent()).toContain('the upgrade broke nginx');
    expect(pg!.hostup.count('POST', /restore/)).toBe(0);

    await be(bo);
    await request.locator('[data-action-id="approval.approve"]').click();
    const dialog = page.getByRole('alertdialog', { name: 'Approve this request?' });
    await dialog.getByRole('button', { name: 'Approve' }).click();

    const root = page.locator('#messages .msg-message', { hasText: 'restored web-01' });
    await root.waitFor(wait);
    await root.locator('.replies').click(wait);
    await page
      .locator('#thread-messages .msg', { hasText: /completed/i })
      .first()
      .waitFor({ timeout: 20_000 });
    expect(pg!.hostup.count('POST', /restore/)).toBe(1);
    await shoot('playground-restore.png');
  });

  it('someone with no rights sees a card without action buttons, is refused on screen, and nothing happens', async () => {
    await be(dee);
    await type('/vps show web-01');
    const card = page.locator('.msg-ephemeral', { hasText: 'Primary IP' });
    await card.waitFor(wait);
    expect(await card.locator('[data-action-id^="vps.power.request"]').count()).toBe(0);
    expect(await card.textContent()).toMatch(/Not for you — .*Restart.*: Only @Ana, @Cy may act on web-01/);

    await type('/vps restart web-01');
    const refusal = page.locator('.msg-ephemeral', { hasText: '⛔' }).last();
    await refusal.waitFor(wait);
    expect(await refusal.textContent()).toContain('Only visible to you');
    expect(pg!.hostup.requests.filter((r) => r.method === 'POST')).toEqual([]);

    // Ephemeral messages belong to one person: Bo sees none of Dee's.
    await be(bo);
    await page
      .locator('.msg-ephemeral')
      .first()
      .waitFor({ state: 'detached', ...wait });
    await page.locator('.empty').waitFor(wait);
  });

  it('a button with a confirm dialog asks first, and Cancel sends nothing', async () => {
    await be(ana);
    await type('/vps show web-01');
    const card = page.locator('.msg-ephemeral', { hasText: 'Primary IP' });
    await card.waitFor(wait);
    const clicksBefore = pg!.slack.calls.length;
    await card.locator('[data-action-id="vps.power.request:force"]').click();
    const dialog = page.getByRole('alertdialog', { name: 'Force a restart?' });
    await dialog.waitFor(wait);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', ...wait });
    expect(pg!.slack.calls.length).toBe(clicksBefore);

    await card.locator('[data-action-id="vps.power.request:force"]').click();
    await dialog.getByRole('button', { name: 'Force restart' }).click();
    await page.locator('.msg-ephemeral', { hasText: 'Forced restart' }).waitFor(wait);
  });

  it('a failure started from the page: HostUp fails the restart, the thread says so and offers Force restart', async () => {
    await be(ana);
    await page.getByRole('button', { name: 'Fail the next job' }).click();
    await page.locator('#fault-note', { hasText: 'the next job fails' }).waitFor(wait);
    await type('/vps restart web-01');
    const offer = page.locator('.msg-ephemeral', { hasText: 'Restart web-01?' });
    await offer.waitFor(wait);
    await offer.locator('[data-action-id="vps.confirm"]').click();

    const root = page.locator('#messages .msg-message', { hasText: 'web-01' }).first();
    await root.locator('.replies').waitFor(wait);
    await root.locator('.replies').click();
    const failure = page.locator('#thread-messages .msg', { hasText: 'guest_unresponsive' });
    await failure.waitFor({ timeout: 20_000 });
    expect(await failure.textContent()).toContain('The guest did not respond to ACPI');
    await failure.locator('[data-action-id="vps.power.force"]').click();
    await page
      .getByRole('alertdialog', { name: 'Force a restart?' })
      .getByRole('button', { name: 'Force restart' })
      .click();
    await page.locator('.msg-ephemeral', { hasText: 'Force a restart of web-01?' }).waitFor(wait);
    expect(pg!.hostup.count('POST', /actions\/restart$/)).toBe(1);

    await page.getByRole('button', { name: 'Clear faults' }).click();
    await page.locator('#fault-note', { hasText: 'behaves normally' }).waitFor(wait);
  });

  it('the App Home shows an approver what waits for them, and Approve there runs it', async () => {
    await be(bo);
    await page.getByRole('button', { name: '⚙ vps-bot' }).click();
    const home = page.locator('#home-view');
    await home.locator('text=Waiting for you').first().waitFor(wait);
    expect(await home.textContent()).toContain('No request needs your approval.');

    await page.getByRole('button', { name: '# ops' }).click();
    await be(ana);
    await type('/vps restore web-01 before-upgrade');
    await page.locator('.msg-message', { hasText: 'Approval needed' }).waitFor(wait);

    await be(bo);
    await page.getByRole('button', { name: '⚙ vps-bot' }).click();
    const waiting = home.locator('.block-section', { hasText: 'Restore web-01 to snapshot before-upgrade' });
    await waiting.waitFor(wait);
    await shoot('app-home.png');
    await home.locator('[data-action-id="approval.approve"]').click();
    await page
      .getByRole('alertdialog', { name: 'Approve this request?' })
      .getByRole('button', { name: 'Approve' })
      .click();
    await page.locator('#dm-messages .msg', { hasText: 'Approved: Restore web-01' }).waitFor(wait);
    await home.locator('text=No request needs your approval.').waitFor({ timeout: 20_000 });
    // The playground counts down 10 s after the last approval (the safety features are on) before it restores.
    await expect.poll(() => pg!.hostup.count('POST', /restore/), { timeout: 25_000 }).toBe(1);
  });

  it('shows the bot’s log, its emoji as emoji, the bot’s answer to a long command, and no sideways scroll', async () => {
    await be(ana);
    await type('/vps appservers');
    await page.locator('.msg-ephemeral', { hasText: 'app-01' }).waitFor(wait);
    const shown = await page.locator('#messages').textContent();
    expect(shown).toContain('👤');
    expect(shown).not.toMatch(/:[a-z_]+:/);

    await type(`/vps show ${'x'.repeat(5000)}`);
    await page.locator('.msg-ephemeral', { hasText: 'accepts at most 1000' }).waitFor(wait);
    expect(await page.locator('#composer-error').textContent()).toBe('');
    await type(`/vps show ${'averyveryverylongservername'.repeat(12)}`);
    await page.locator('.msg-ephemeral', { hasText: 'No VPS is called' }).waitFor(wait);
    // Evaluated in the page (a string: the test's TypeScript knows no DOM).
    const overflow = (await page.evaluate(`(() => {
      const list = document.getElementById('messages');
      return { page: document.documentElement.scrollWidth - window.innerWidth, list: list.scrollWidth - list.clientWidth };
    })()`)) as { page: number; list: number };
    expect(overflow.page).toBeLessThanOrEqual(0);
    expect(overflow.list).toBeLessThanOrEqual(0);

    await page.getByRole('button', { name: 'Bot log' }).click();
    await page.locator('#log-lines .log-line', { hasText: 'command' }).first().waitFor(wait);
  });

  it('the composer takes only /vps, and says so', async () => {
    await be(ana);
    await type('hello everyone');
    await page.locator('#composer-error', { hasText: 'Only slash commands' }).waitFor(wait);
    await type('/deploy web-01');
    await page.locator('#composer-error', { hasText: '/deploy is not a command' }).waitFor(wait);
    expect(await page.inputValue('#composer-input')).toBe('/deploy web-01');
  });

  it('renders mrkdwn as formatting, never as markup', async () => {
    pg!.slack.seedMessage({
      channel: playgroundChannel.id,
      user: bo!,
      text: '*bold* _slanted_ `code` <@UANA00001> :white_check_mark: <https://example.com|a link> <img src=x onerror=alert(1)> &lt;script&gt; <!date^1700000000^{date_num}|Nov 14>',
    });
    const line = page.locator('.msg-message', { hasText: 'slanted' });
    await line.waitFor(wait);
    expect(await line.locator('strong').textContent()).toBe('bold');
    expect(await line.locator('em').textContent()).toBe('slanted');
    expect(await line.locator('code').textContent()).toBe('code');
    expect(await line.locator('.mention').textContent()).toBe('@Ana');
    expect(await line.locator('a').getAttribute('href')).toBe('https://example.com');
    const text = await line.textContent();
    expect(text).toContain('✅');
    expect(text).toContain('<script>');
    expect(await line.locator('time').getAttribute('datetime')).toBe('2023-11-14T22:13:20.000Z');
    expect(await page.locator('img, script:not([src])').count()).toBe(0);
  });

  it('draws every Block Kit element the bot uses, and tells the person when the app does not answer', async () => {
    await be(ana);
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'Fleet :rocket:' } },
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*Power*\nrunning' }] },
      { type: 'divider' },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 'web-02' },
        accessory: {
          type: 'overflow',
          action_id: 'playground.more',
          options: [
            { text: { type: 'plain_text', text: 'Show' }, value: 'show' },
            { text: { type: 'plain_text', text: 'Snapshots' }, value: 'snapshots' },
          ],
        },
      },
      {
        type: 'actions',
        block_id: 'pick',
        elements: [
          {
            type: 'static_select',
            action_id: 'playground.pick',
            placeholder: { type: 'plain_text', text: 'Pick a server' },
            options: [{ text: { type: 'plain_text', text: 'db-01' }, value: 'db-01' }],
          },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'as of now' }] },
    ];
    const res = await fetch(`${pg!.slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${pg!.slack.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: playgroundChannel.id, text: 'fleet', blocks }),
    });
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);

    const message = page.locator('#messages .msg-message', { hasText: 'Fleet' });
    await message.waitFor(wait);
    expect(await message.locator('h3').textContent()).toBe('Fleet 🚀');
    expect(await message.locator('.field strong').textContent()).toBe('Power');
    expect(await message.locator('hr').count()).toBe(1);
    expect(await message.locator('select option').allTextContents()).toEqual(['Pick a server', 'db-01']);
    await message.getByRole('button', { name: 'More actions' }).click();
    expect(await message.getByRole('menuitem').allTextContents()).toEqual(['Show', 'Snapshots']);

    // No listener in the bot takes this action id: Slack would say the app did not respond.
    await message.getByRole('menuitem', { name: 'Snapshots' }).click();
    await page.locator('.toast', { hasText: 'operation_timeout' }).waitFor(wait);
  });

  it('shows a modal the bot opens, checks required fields, and closes on Cancel', async () => {
    await be(ana);
    const view = {
      type: 'modal',
      callback_id: 'playground.test',
      title: { type: 'plain_text', text: 'Restore web-01' },
      submit: { type: 'plain_text', text: 'Request' },
      close: { type: 'plain_text', text: 'Cancel' },
      blocks: [
        {
          type: 'input',
          block_id: 'snapshot',
          label: { type: 'plain_text', text: 'Snapshot' },
          element: {
            type: 'static_select',
            action_id: 'pick',
            placeholder: { type: 'plain_text', text: 'Choose a snapshot' },
            options: [{ text: { type: 'plain_text', text: 'before-upgrade' }, value: 'before-upgrade' }],
          },
        },
        {
          type: 'input',
          block_id: 'reason',
          optional: true,
          label: { type: 'plain_text', text: 'Reason' },
          element: { type: 'plain_text_input', action_id: 'text', multiline: true },
        },
      ],
    };
    // What the bot does after a click: views.open with the click's trigger_id.
    const trigger = pg!.slack.issueTriggerId({ user: ana! });
    const res = await fetch(`${pg!.slack.apiUrl}views.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${pg!.slack.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ trigger_id: trigger, view }),
    });
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true);

    const modal = page.getByRole('dialog', { name: 'Restore web-01' });
    await modal.waitFor(wait);
    expect(await modal.getByLabel('Reason').isVisible()).toBe(true);
    await modal.getByRole('button', { name: 'Request' }).click();
    await modal.locator('.input-error', { hasText: 'required' }).waitFor(wait);
    await modal.getByRole('button', { name: 'Cancel' }).click();
    await modal.waitFor({ state: 'detached', ...wait });
  });
});
