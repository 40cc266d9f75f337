import { afterEach, describe, expect, it } from 'vitest';
import { crashOrigins, crashPoints, runCrashScenario } from './crash-scenario.js';

/**
 * The bot is killed with SIGKILL at each point of the acting path, then started again on the same
 * database: HostUp never receives the acting call twice, and the action's thread gets exactly one
 * final message — its terminal status, or "outcome unknown, here is what HostUp shows".
 */
export function crashPointSuite(engine: string, database: (() => Promise<string>) | null): void {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  describe.skipIf(database === null)(`a bot killed mid-action on ${engine}`, () => {
    describe.each(crashOrigins)('for %s', (origin) => {
      it.each(crashPoints)(
        '%s: one acting call at most, one root, exactly one final message',
        async (point) => {
          const result = await runCrashScenario({ point, origin, databaseUrl: await database!(), cleanups });
          expect(result.actingCalls).toBeLessThanOrEqual(1);
          if (point !== 'before-call') expect(result.actingCalls).toBe(1);
          expect(result.finals, result.finals.join('\n')).toHaveLength(1);
          expect(result.roots).toBe(1);
          // Only a recorded answer leads to the job's own end; otherwise the thread says it is unknown.
          if (point === 'after-record') expect(result.finals[0]).toMatch(/completed in/);
          else
            expect(result.finals[0]).toMatch(
              /stopped before its answer.*now shows \*web-01\* running.*Nothing was repeated/,
            );
        },
        60_000,
      );
    });
  });
}
