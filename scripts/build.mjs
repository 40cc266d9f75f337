/**
 * `npm run build`: type-checks the production code (tsconfig.build.json: src/ without the
 * simulators and the playground) and bundles it with esbuild into a fresh dist/: dist/main.js (the
 * bot; `main.js doctor` loads its chunk only for the command) and dist/healthcheck.js.
 *
 * Why a bundle: Node 20 spends most of the bot's start finding and loading some 900 small files
 * (the bot's and Bolt's, Express', axios', zod's…). One file per entry point starts about twice as
 * fast as tsc's file-per-file output (benchmark 5, bench/process-start.ts). Only better-sqlite3
 * (a native addon) and optional packages stay outside and load from node_modules, which is why a
 * production install is dist/ plus `npm ci --omit=dev` (scripts/install-runtime.sh).
 *
 *   node scripts/build.mjs                 build
 *   node scripts/build.mjs --if-stale      (npm start, npm run doctor) only when dist/ is missing
 *                                          or older than src/; nothing where there is no src/
 *   node scripts/build.mjs --outdir=DIR    bundle into DIR instead (tests), no type check
 *   … --outdir=DIR --entry=FILE            and FILE as one more entry point, bundled alike (the
 *                                          benchmarks' child process runs the bot as built here)
 *
 * Every build writes DIR/meta.json (esbuild's metafile: which modules went in, what stays outside).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outArg = args.find((a) => a.startsWith('--outdir='));
const outdir = outArg ? resolve(outArg.slice('--outdir='.length)) : join(root, 'dist');
const extraEntries = outArg
  ? args.filter((a) => a.startsWith('--entry=')).map((a) => a.slice('--entry='.length))
  : [];
const stamp = join(outdir, '.built');
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/build.mjs'];

/** Newest modification time among the files under `path` (ms). */
function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), info.mtimeMs);
}

function isStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return inputs.map((p) => join(root, p)).some((path) => existsSync(path) && newest(path) > built);
}

if (args.includes('--if-stale')) {
  if (!existsSync(join(root, 'src')) || !isStale()) process.exit(0);
  process.stderr.write('dist/ is missing or older than src/: building it first (npm run build)\n');
}

const require = createRequire(import.meta.url);
let esbuild;
let tsc;
try {
  esbuild = await import('esbuild');
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  process.stderr.write(
    'The build tools are not installed: run `npm ci` (with dev dependencies), then `npm run build`.\n',
  );
  process.exit(1);
}

if (!outArg) {
  const checked = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--noEmit'], {
    stdio: 'inherit',
  });
  if (checked.status !== 0) process.exit(checked.status ?? 1);
}

rmSync(outdir, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: [
    { in: 'src/main.ts', out: 'main' },
    { in: 'src/healthcheck.ts', out: 'healthcheck' },
    ...extraEntries.map((file) => ({ in: file, out: basename(file).replace(/\.[cm]?ts$/, '') })),
  ],
  outdir,
  outbase: 'src',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  // A native addon, and optional packages loaded only when present (pg's native driver).
  external: ['better-sqlite3', 'pg-native'],
  // The CommonJS packages inside the bundle call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
  },
});
writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
writeFileSync(stamp, `${new Date().toISOString()}\n`);
