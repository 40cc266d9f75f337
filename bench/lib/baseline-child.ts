/**
 * The ack benchmark's baselines (naive-app.ts), served by child-runner.ts, bundled apart from the
 * bot so their memory and start are theirs alone.
 */
import { performance } from 'node:perf_hooks';
import { serveChild } from './child-runner.js';
import { startBareApp, startNaiveApp } from './naive-app.js';

const importedMs = performance.now();

serveChild(importedMs, async (spec) => {
  if (spec.kind === 'bot') throw new Error('baseline-child runs the baselines, not the bot');
  return spec.kind === 'naive' ? startNaiveApp(spec) : startBareApp(spec);
});
