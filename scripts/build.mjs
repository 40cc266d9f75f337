/**
 * `npm run build`: compiles src/ (without the simulators and the playground, see
 * tsconfig.build.json) into a fresh dist/, so no file of an earlier build is left behind.
 *
 * `--if-stale` (what `npm start` and `npm run doctor` run first) builds only when dist/ is missing
 * or older than a source file, and does nothing where there is no src/ (a production install made
 * by scripts/install-runtime.sh carries dist/ alone).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.built');
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((p) => join(root, p));

/** Newest modification time among the files under `path` (ms). */
function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), info.mtimeMs);
}

function isStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return inputs.some((path) => existsSync(path) && newest(path) > built);
}

if (process.argv.includes('--if-stale')) {
  if (!existsSync(join(root, 'src'))) process.exit(0);
  if (!isStale()) process.exit(0);
  process.stderr.write('dist/ is missing or older than src/: building it first (npm run build)\n');
}

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  process.stderr.write(
    'TypeScript is not installed here: run `npm ci` (with dev dependencies), then `npm run build`.\n',
  );
  process.exit(1);
}
rmSync(dist, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stamp, `${new Date().toISOString()}\n`);
