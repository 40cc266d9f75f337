/**
 * The process a benchmark measures: the whole bot (createBot, as main.ts builds it) or the naive
 * baseline app, started on a `start` message over the fork IPC channel and stopped on `stop`,
 * after which it reports its own peak RSS, CPU time and event-loop delay and exits.
 *
 * Started by bench/lib/child.ts as `node --import tsx bench/lib/bot-child.ts`.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { ChildMessage, ChildSpec, ParentMessage } from './child-protocol.js';
import { startNaiveApp } from './naive-app.js';

const importedMs = performance.now();

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) throw new Error('bot-child must be started with an IPC channel (fork)');
    process.send(message, undefined, {}, () => resolve());
  });
}

async function start(spec: ChildSpec): Promise<{ port: number; stop: () => Promise<void> }> {
  if (spec.kind === 'naive') return startNaiveApp(spec);
  const bot = await createBot({
    config: loadConfig(spec.env),
    logger: createLogger({ level: 'silent', pretty: false }),
    ...(spec.pollSchedule ? { pollSchedule: spec.pollSchedule } : {}),
    ...(spec.outboxIdleMs ? { outboxIdleMs: spec.outboxIdleMs } : {}),
  });
  const { port } = await bot.start();
  return { port: port ?? 0, stop: () => bot.stop() };
}

let running: { port: number; stop: () => Promise<void> } | null = null;
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
let cpuAtReady = process.cpuUsage();

process.on('message', (raw) => {
  const message = raw as ParentMessage;
  if (message.type === 'start') {
    const startCalledMs = performance.now();
    start(message.spec).then(
      async (started) => {
        running = started;
        const listeningMs = performance.now();
        cpuAtReady = process.cpuUsage();
        loopDelay.enable();
        await send({
          type: 'ready',
          port: started.port,
          timeOrigin: performance.timeOrigin,
          importedMs,
          startCalledMs,
          listeningMs,
        });
      },
      async (error: unknown) => {
        await send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  } else if (message.type === 'stop') {
    void stopAndReport();
  }
});

async function stopAndReport(): Promise<void> {
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuAtReady);
  const stopStarted = performance.now();
  await running?.stop();
  const ms = (ns: number) => ns / 1e6;
  await send({
    type: 'report',
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    cpuUserS: cpu.user / 1e6,
    cpuSystemS: cpu.system / 1e6,
    eventLoopDelayMs: {
      p50: ms(loopDelay.percentile(50)),
      p99: ms(loopDelay.percentile(99)),
      max: ms(loopDelay.max),
    },
    stopMs: performance.now() - stopStarted,
  });
  process.disconnect();
  process.exit(0);
}

// The parent went away (crash, Ctrl-C): do not linger.
process.on('disconnect', () => process.exit(0));
