/**
 * The bot as a benchmark measures it: createBot (as main.ts builds it) with the spec's seams,
 * served by child-runner.ts. Bundled by bench/lib/child.ts the way `npm run build` bundles the
 * bot, and run under plain node.
 */
import { performance } from 'node:perf_hooks';
import { createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { keepHeapNearLive } from '../../src/heap-tuning.js';
import { createLogger } from '../../src/logger.js';
import { serveChild } from './child-runner.js';

const importedMs = performance.now();

serveChild(importedMs, async (spec) => {
  if (spec.kind !== 'bot') throw new Error(`bot-child runs the bot, not '${spec.kind}'`);
  // As main.ts does for the bot in production.
  keepHeapNearLive();
  const bot = await createBot({
    config: loadConfig(spec.env),
    logger: createLogger({ level: (spec.env.LOG_LEVEL as 'silent' | undefined) ?? 'silent', pretty: false }),
    ...(spec.pollSchedule ? { pollSchedule: spec.pollSchedule } : {}),
    ...(spec.outboxIdleMs ? { outboxIdleMs: spec.outboxIdleMs } : {}),
    ...(spec.deliveryBudget ? { deliveryBudget: spec.deliveryBudget } : {}),
  });
  const { port } = await bot.start();
  return { port: port ?? 0, stop: () => bot.stop() };
});
