import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ChildReady, ChildReport, ChildSpec } from './child-protocol.js';

const childFile = fileURLToPath(new URL('./bot-child.ts', import.meta.url));

export interface BotProcess {
  readonly ready: ChildReady;
  readonly pid: number;
  /** Asks the child to stop and resolves with what it measured; kills it after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<ChildReport>;
}

/** Forks bench/lib/bot-child.ts (`node --import tsx`) and starts `spec` in it. */
export async function startBotProcess(spec: ChildSpec, timeoutMs = 30_000): Promise<BotProcess> {
  const child = fork(childFile, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = (await next(child, 'ready', timeoutMs, () =>
    child.send({ type: 'start', spec }),
  )) as ChildReady;
  return {
    ready,
    pid: child.pid ?? 0,
    async stop(stopTimeoutMs = 30_000) {
      const report = next(child, 'report', stopTimeoutMs, () => child.send({ type: 'stop' }));
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
      try {
        const result = (await report) as ChildReport;
        await exited;
        return result;
      } catch (error) {
        child.kill('SIGKILL');
        throw error;
      }
    },
  };
}

function next(
  child: ChildProcess,
  type: 'ready' | 'report',
  timeoutMs: number,
  kick: () => void,
): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`bot process: no '${type}' within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (raw: unknown) => {
      const message = raw as ChildMessage;
      if (message.type === 'error') {
        cleanup();
        reject(new Error(`bot process failed: ${message.message}`));
      } else if (message.type === type) {
        cleanup();
        resolve(message);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`bot process exited (${code}) before '${type}'`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    kick();
  });
}
