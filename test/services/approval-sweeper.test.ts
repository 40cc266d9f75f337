import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createLogger } from '../../src/logger.js';
import { ApprovalSweeper } from '../../src/services/approval-sweeper.js';

const logger = createLogger({ level: 'silent', pretty: false });
const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(check()).toBe(true);
};

describe('ApprovalSweeper', () => {
  it('sweeps at start and then once per interval of the injected clock', async () => {
    const clock = new ManualClock();
    let sweeps = 0;
    const sweeper = new ApprovalSweeper({ sweep: async () => ++sweeps, clock, logger, intervalMs: 60_000 });
    sweeper.start();
    await until(() => sweeps === 1);
    // The loop reaches its sleep through promise callbacks only: one macrotask later it is asleep.
    await new Promise((r) => setImmediate(r));
    clock.advance(59_999);
    await new Promise((r) => setImmediate(r));
    expect(sweeps).toBe(1);
    clock.advance(1);
    await until(() => sweeps === 2);
    // A ManualClock's sleep ignores the abort signal: stop() must still return.
    await sweeper.stop();
  });

  it('keeps going after a failed sweep', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const sweeper = new ApprovalSweeper({
      sweep: async () => {
        calls++;
        throw new Error('database is locked');
      },
      clock,
      logger,
      intervalMs: 10,
    });
    expect(await sweeper.sweepOnce()).toBe(0);
    sweeper.start();
    clock.advance(10);
    await until(() => calls >= 2);
    await sweeper.stop();
  });
});
