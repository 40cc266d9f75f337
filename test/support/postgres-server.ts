/**
 * A throwaway PostgreSQL server for tests: initdb into a temp directory, started on a free
 * loopback port with durability switched off (fsync, full-page writes), stopped and deleted
 * afterwards. Used once per vitest run by postgres-global-setup.ts, or by a test file itself
 * when no global setup provided one. Imports nothing from vitest so the global setup can use it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The admin URL of the run's PostgreSQL server, when the global setup started one. */
    postgresUrl?: string;
    /** Why the global setup could not start one. */
    postgresUnavailable?: string;
  }
}

const run = promisify(execFile);

export interface ThrowawayPostgres {
  readonly ok: true;
  /** Superuser URL of the `postgres` database, trust auth, no password. */
  readonly url: string;
  stop(): Promise<void>;
}

export type StartResult = ThrowawayPostgres | { readonly ok: false; readonly reason: string };

interface Binaries {
  readonly initdb: string;
  readonly pgCtl: string;
}

/** Debian/Ubuntu keep server binaries off PATH in /usr/lib/postgresql/<major>/bin; newest wins. */
export function findPostgresBinaries(): Binaries | null {
  const debian = '/usr/lib/postgresql';
  const dirs: string[] = [];
  if (existsSync(debian)) {
    const majors = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
    dirs.push(...majors.map((major) => join(debian, major, 'bin')));
  }
  dirs.push(...(process.env.PATH ?? '').split(delimiter).filter(Boolean));
  for (const dir of dirs) {
    const initdb = join(dir, 'initdb');
    const pgCtl = join(dir, 'pg_ctl');
    if (existsSync(initdb) && existsSync(pgCtl)) return { initdb, pgCtl };
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` user. */
function commandPrefix(): { prefix: string[]; owner?: { uid: number; gid: number } } | { reason: string } {
  if (process.getuid?.() !== 0) return { prefix: [] };
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { prefix: ['runuser', '-u', 'postgres', '--'], owner: { uid, gid } };
  } catch {
    return { reason: 'running as root and there is no "postgres" user to run initdb as' };
  }
}

function describeFailure(error: unknown, logFile?: string): string {
  const e = error as { stderr?: string; message?: string };
  const log = logFile && existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-800) : '';
  return `${e.stderr?.trim() || e.message || String(error)}${log ? `\n${log}` : ''}`;
}

/** Starts a fresh server, or says why it cannot (no binaries, no postgres user, start failed). */
export async function startThrowawayPostgres(): Promise<StartResult> {
  const binaries = findPostgresBinaries();
  if (!binaries) return { ok: false, reason: 'no PostgreSQL server binaries (initdb, pg_ctl) found' };
  const as = commandPrefix();
  if ('reason' in as) return { ok: false, reason: as.reason };
  const argv = (args: string[]): [string, string[]] => {
    const all = [...as.prefix, ...args];
    return [all[0]!, all.slice(1)];
  };
  const exec = (args: string[]) => run(...argv(args), { timeout: 60_000 });

  const dir = mkdtempSync(join(tmpdir(), 'vps-pg-'));
  if (as.owner) chownSync(dir, as.owner.uid, as.owner.gid);
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const stopSync = () => {
    try {
      execFileSync(...argv([binaries.pgCtl, '-D', data, '-m', 'immediate', 'stop']), { stdio: 'ignore' });
    } catch {
      // Not running (never started, or already stopped).
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await exec([
      binaries.initdb,
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-locale',
      '-N',
    ]);
  } catch (error) {
    stopSync();
    return { ok: false, reason: `initdb failed: ${describeFailure(error)}` };
  }

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    // pg_ctl hands -o to a shell; the socket directory is our mkdtemp path (no spaces or quotes).
    const serverOptions = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories='${dir}'`,
      '-F',
      '-c full_page_writes=off',
      '-c synchronous_commit=off',
      '-c max_connections=300',
    ].join(' ');
    try {
      await exec([binaries.pgCtl, '-D', data, '-l', log, '-w', '-t', '60', '-o', serverOptions, 'start']);
    } catch (error) {
      lastError = error;
      continue;
    }
    process.once('exit', stopSync);
    return {
      ok: true,
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      stop: async () => {
        process.removeListener('exit', stopSync);
        try {
          await exec([binaries.pgCtl, '-D', data, '-m', 'immediate', '-w', 'stop']);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  }
  const reason = `pg_ctl start failed: ${describeFailure(lastError, log)}`;
  stopSync();
  return { ok: false, reason };
}
