import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What esbuild put in the bundle (`npm run build` writes it as dist/meta.json). */
interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<
    string,
    { entryPoint?: string; imports: { path: string; kind: string; external?: boolean }[] }
  >;
}

const root = join(import.meta.dirname, '..', '..');
let dir: string;
let meta: Metafile;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vps-bundle-'));
  const built = spawnSync(process.execPath, ['scripts/build.mjs', `--outdir=${dir}`], {
    cwd: root,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`the build failed:\n${built.stderr}`);
  meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Metafile;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const outputs = () => Object.entries(meta.outputs).filter(([file]) => file.endsWith('.js'));

describe('the production bundle (npm run build)', () => {
  it('holds the bot, its doctor and its healthcheck, and no simulator or playground module', () => {
    const sources = Object.keys(meta.inputs).filter((f) => f.startsWith('src/'));
    expect(sources).toEqual(expect.arrayContaining(['src/main.ts', 'src/bot.ts', 'src/doctor/command.ts']));
    expect(sources.filter((f) => /^src\/(simulator|playground)\//.test(f))).toEqual([]);
    expect(
      outputs()
        .map(([, o]) => o.entryPoint)
        .filter(Boolean)
        .sort(),
    ).toEqual(['src/doctor/command.ts', 'src/healthcheck.ts', 'src/main.ts']);
  });

  it('leaves outside only Node’s own modules, the native SQLite driver and optional packages', () => {
    // `node:` names are Node's own even where this Node lacks one (undici loads node:sqlite lazily).
    const nodeOwn = (path: string) => path.startsWith('node:') || isBuiltin(path);
    const external = new Set(
      outputs().flatMap(([, o]) =>
        o.imports.filter((i) => i.external && !nodeOwn(i.path)).map((i) => i.path),
      ),
    );
    // pg-native (pg's optional native driver), supports-color (debug's), and bufferutil and
    // utf-8-validate (ws's optional speed-ups) load only when installed.
    expect([...external].sort()).toEqual([
      'better-sqlite3',
      'bufferutil',
      'pg-native',
      'supports-color',
      'utf-8-validate',
    ]);
  });

  it('loads the doctor only for `main.js doctor`, and the healthcheck loads nothing of the bot', () => {
    const main = outputs().find(([, o]) => o.entryPoint === 'src/main.ts')![1];
    const doctor = outputs().find(([, o]) => o.entryPoint === 'src/doctor/command.ts')![0];
    expect(main.imports.find((i) => i.path === doctor)?.kind).toBe('dynamic-import');
    const health = outputs().find(([, o]) => o.entryPoint === 'src/healthcheck.ts')![1];
    expect(health.imports.filter((i) => !i.external)).toEqual([]);
  });
});
