import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); playwright-core downloads no browser of its own. */
export const chromiumPath = '/usr/bin/chromium';

/**
 * Whether the browser tests run here. Without Chromium they are skipped with a message on a
 * developer's machine, but never in CI (CI=true), where a missing browser must fail the run.
 */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath) || process.env.CI === 'true') return true;
  process.stderr.write(
    `Skipping the playground browser tests: no Chromium at ${chromiumPath} (apt-get install -y chromium).\n`,
  );
  return false;
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is missing at ${chromiumPath}: .ci/run must apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
