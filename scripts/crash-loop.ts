/**
 * `npm run crash-loop [-- --runs=10]`: the crash tests of the acting path, many times over. For
 * each engine (SQLite file, a throwaway PostgreSQL server), each origin (a Confirm, an approved
 * restore) and each crash point, the bot is killed with SIGKILL there and started again; the table
 * counts the runs where HostUp received the acting call more than once, and the runs whose thread
 * did not end with exactly one final message. Both must be 0. Exits 1 when one is not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  type CrashResult,
  crashOrigins,
  crashPoints,
  runCrashScenario,
} from '../test/support/crash-scenario.js';
import { startThrowawayPostgres } from '../test/support/postgres-server.js';

const runs = Number(/--runs=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 10);
const dir = mkdtempSync(join(tmpdir(), 'vps-crash-loop-'));
const server = await startThrowawayPostgres();
if (!server.ok) {
  process.stderr.write(`crash-loop: no PostgreSQL server (${server.reason}); SQLite only\n`);
}
let n = 0;
const engines: [string, () => Promise<string>][] = [['SQLite', async () => join(dir, `bot-${++n}.db`)]];
if (server.ok) {
  engines.push([
    'PostgreSQL',
    async () => {
      const name = `crash_${++n}`;
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(server.url);
      url.pathname = `/${name}`;
      return url.href;
    },
  ]);
}

const rows: string[][] = [
  ['engine', 'origin', 'crash point', 'runs', 'repeated calls', 'not one final', 'errors'],
];
let bad = 0;
const started = Date.now();
for (const [engine, database] of engines) {
  for (const origin of crashOrigins) {
    for (const point of crashPoints) {
      let repeated = 0;
      let notOne = 0;
      let errors = 0;
      for (let i = 0; i < runs; i++) {
        const cleanups: (() => Promise<void> | void)[] = [];
        try {
          const result: CrashResult = await runCrashScenario({
            point,
            origin,
            databaseUrl: await database(),
            cleanups,
          });
          if (result.actingCalls > 1) repeated++;
          if (result.finals.length !== 1 || result.roots !== 1) notOne++;
        } catch (error) {
          errors++;
          process.stderr.write(
            // The whole message: a missing final says what the channel, HostUp and the bot saw.
            `${engine} ${origin} ${point} run ${i + 1}: ${(error as Error).message}\n`,
          );
        } finally {
          for (const cleanup of cleanups.reverse()) await cleanup();
        }
      }
      bad += repeated + notOne + errors;
      rows.push([engine, origin, point, String(runs), String(repeated), String(notOne), String(errors)]);
      process.stdout.write(`${rows.at(-1)!.join(' · ')}\n`);
    }
  }
}
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
process.stdout.write(
  `\n${rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')).join('\n')}\n`,
);
process.stdout.write(
  `\n${rows.length - 1} cases × ${runs} runs in ${Math.round((Date.now() - started) / 1000)} s; ${bad === 0 ? 'every run: 0 repeated calls, exactly one final' : `${bad} bad runs`}\n`,
);
if (server.ok) await server.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(bad === 0 ? 0 : 1);
