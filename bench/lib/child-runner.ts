/**
 * The part every benchmarked process shares: it starts what `start` builds on a `start` message
 * over the fork IPC channel and stops it on `stop`, after which it reports its own peak RSS, CPU
 * time and event-loop delay and exits. bot-child.ts runs the bot in it, baseline-child.ts the
 * baseline apps, each bundled on its own so a baseline does not load the bot.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { ChildMessage, ChildSpec, ParentMessage } from './child-protocol.js';

export interface Started {
  readonly port: number;
  stop(): Promise<void>;
}

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) throw new Error('a benchmark child must be started with an IPC channel (fork)');
    process.send(message, undefined, {}, () => resolve());
  });
}

/** Serves the parent's messages; `importedMs` is when the child's modules had loaded. */
export function serveChild(importedMs: number, start: (spec: ChildSpec) => Promise<Started>): void {
  let running: Started | null = null;
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
}
