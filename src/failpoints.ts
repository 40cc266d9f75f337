/**
 * Crash points for the crash tests (test/integration/crash-points*.test.ts, `npm run crash-loop`):
 * when VPS_FAILPOINTS names a point, the process kills itself there with SIGKILL — no cleanup, no
 * flush, exactly like a power cut or the OOM killer. Nothing else reads it; never set it in
 * production. A seam of our own because no outside tool can stop a process between two
 * particular statements.
 */
export type Failpoint = 'acting.before-call' | 'acting.after-answer' | 'acting.after-record';

export function failpoint(name: Failpoint): void {
  const armed = process.env.VPS_FAILPOINTS;
  if (armed?.split(',').includes(name)) process.kill(process.pid, 'SIGKILL');
}
