import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ChildReady, ChildReport, ChildSpec } from './child-protocol.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Kept under node_modules so the bundle's external packages (better-sqlite3) resolve from it. */
const builtDir = join(root, 'node_modules', '.cache', 'vps-bench-child');
let built = false;

/**
 * The process under test runs JavaScript bundled exactly as `npm run build` bundles the bot for
 * production (scripts/build.mjs, with bench/lib/bot-child.ts as one more entry point), under plain
 * `node`: no tsx loader, the same modules, chunks and startup as dist/main.js.
 */
export function buildChild(kind: ChildSpec['kind']): string {
  if (!built) {
    const entries = ['bench/lib/bot-child.ts', 'bench/lib/baseline-child.ts'].map((e) => `--entry=${e}`);
    const result = spawnSync(process.execPath, ['scripts/build.mjs', `--outdir=${builtDir}`, ...entries], {
      cwd: root,
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error('bundling the benchmark child failed');
    built = true;
  }
  return join(builtDir, kind === 'bot' ? 'bot-child.js' : 'baseline-child.js');
}

export interface BotProcess {
  readonly ready: ChildReady;
  readonly pid: number;
  /** Asks the child to stop and resolves with what it measured; kills it after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<ChildReport>;
}

/** Forks the bundled child for `spec` (plain `node`) and starts `spec` in it. */
export async function startBotProcess(spec: ChildSpec, timeoutMs = 30_000): Promise<BotProcess> {
  const child = fork(buildChild(spec.kind), [], {
    // BENCH_CPU_PROF=DIR: a V8 CPU profile of each benchmarked process, written into DIR.
    // BENCH_NODE_FLAGS: more node flags for the benchmarked process (diagnostics, e.g. --trace-gc).
    execArgv: [
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
    ],
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
