import { copyFileSync, mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { people } from '../../src/playground/people.js';
import { type Playground, startPlayground } from '../../src/playground/playground.js';
import { browserAvailable, launchChromium } from './browser.js';

const [ana, bo] = people.map((p) => p.id);
const shots = 'test-output';
const wait = { timeout: 20_000 };

let browser: Browser | undefined;
let pg: Playground | undefined;
let page: Page;

async function be(user: string | undefined): Promise<void> {
  await page.selectOption('#who', user!);
  await page.locator('.live', { hasText: 'live' }).waitFor(wait);
}

/** Saves the page under test-output/; with UPDATE_SCREENSHOT=1 it also becomes docs/<name>, the README's. */
async function shoot(name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}/${name}` });
  if (process.env.UPDATE_SCREENSHOT === '1') copyFileSync(`${shots}/${name}`, `docs/${name}`);
}

async function type(text: string): Promise<void> {
  await page.fill('#composer-input', text);
  await page.press('#composer-input', 'Enter');
}

describe.skipIf(!browserAvailable())('the safety features in the playground', () => {
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
      graceSeconds: 3,
    });
    page = await browser!.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(pg.url);
  });
  afterEach(async () => {
    await page?.close();
    await pg?.close();
    pg = undefined;
  });

  it('a restore request promises its safety point; after the countdown the snapshot comes first, and the final reply offers Undo', async () => {
    await be(ana);
    await type('/vps restore web-01 before-upgrade');
    const request = page.locator('#messages .msg-message', { hasText: 'Approval needed' });
    await request.waitFor(wait);
    expect(await request.textContent()).toMatch(/Safety point: a snapshot of web-01 is taken first/);
    await shoot('safety-point.png');

    await be(bo);
    await request.locator('[data-action-id="approval.approve"]').click();
    await page
      .getByRole('alertdialog', { name: 'Approve this request?' })
      .getByRole('button', { name: 'Approve' })
      .click();
    await page.locator('#messages .msg-message', { hasText: 'Restoring in 3 s' }).waitFor(wait);
    expect(pg!.hostup.count('POST', /restore$/)).toBe(0);

    const root = page.locator('#messages .msg-message', { hasText: 'restored web-01' });
    await root.waitFor({ timeout: 30_000 });
    await root.locator('.replies').click(wait);
    const thread = page.locator('#thread-messages');
    const final = thread.locator('.msg', { hasText: 'Undo (restore pre-restore-' });
    await final.waitFor({ timeout: 30_000 });
    expect(await thread.textContent()).toMatch(/Safety point pre-restore-\d{8}-\d{4}(-\d+)? taken/);
    expect(await final.textContent()).toMatch(/completed in \d+ s; running, up \d+ s/);
    const create = pg!.hostup.calls.find((c) => /\/snapshots$/.test(c.path))!;
    const restore = pg!.hostup.calls.find((c) => /actions\/restore$/.test(c.path))!;
    expect(pg!.hostup.getJob(create.jobId!)!.finishedSeq!).toBeLessThan(restore.seq);
    await shoot('undo.png');

    await be(ana);
    await page.locator('#thread-messages [data-action-id="operation.undo"]').click();
    await page
      .getByRole('alertdialog', { name: 'Ask to undo this restore?' })
      .getByRole('button', { name: 'Ask for approval' })
      .click();
    await page
      .locator('#messages .msg-message', {
        hasText: /Approval needed.*Restore web-01 to snapshot pre-restore-/,
      })
      .waitFor(wait);
    expect(pg!.hostup.count('POST', /actions\/restore$/)).toBe(1);
  });
});
