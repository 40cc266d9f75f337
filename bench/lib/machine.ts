import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

/** The machine the figures came from, for the console and bench/RESULTS.md. */
export function describeMachine(): string[] {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return [
    `Machine: ${availableParallelism()} CPUs (nproc), ${model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory`,
    `Node ${process.version} on ${process.platform}/${process.arch}`,
    `Load average at start (1/5/15 min): ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  ];
}

/** The 1-minute load average, to note how busy the shared machine was around a benchmark. */
export function loadNote(): string {
  return loadavg()[0]!.toFixed(2);
}
