import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph, packageName, runtimeImports } from './import-graph.js';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  scripts: Record<string, string>;
};
/** What the production build runs: the bot (and its doctor, loaded from main.ts) and the healthcheck. */
const entries = ['src/main.ts', 'src/healthcheck.ts'];

describe('the production build', () => {
  const graph = importGraph(root, entries);

  it('reaches neither a simulator nor the playground from the bot, its doctor or its healthcheck', () => {
    expect(graph.files).toContain('src/bot.ts');
    expect(graph.files.some((f) => f.startsWith('src/doctor/'))).toBe(true);
    const devOnly = graph.files.filter((f) => /^src\/(simulator|playground)\//.test(f));
    expect(devOnly).toEqual([]);
  });

  it('imports only packages that a production install has (dependencies, optional ones lazily)', () => {
    const installed = new Set([
      ...Object.keys(pkg.dependencies),
      ...Object.keys(pkg.optionalDependencies ?? {}),
    ]);
    const missing = [...graph.packages]
      .filter(([spec]) => !isBuiltin(spec))
      .map(([spec, file]) => ({ pkg: packageName(spec), file }))
      .filter((p) => p.pkg !== null && !installed.has(p.pkg));
    expect(missing).toEqual([]);
  });

  it('keeps test, playground and build tools out of the production dependencies', () => {
    // `ws` is not here: the Socket Mode receiver uses it at runtime (src/slack/socket-connection.ts).
    for (const tool of ['tsx', 'typescript', 'vitest', '@biomejs/biome', 'playwright-core', 'ajv']) {
      expect(pkg.dependencies).not.toHaveProperty(tool);
      expect(pkg.devDependencies).toHaveProperty(tool);
    }
    // The policy file (VPS_POLICY_FILE) and the doctor's manifest check read YAML at run time.
    expect(pkg.dependencies).toHaveProperty('yaml');
  });

  it('starts the compiled bot with npm start and runs the playground with one command', () => {
    // `exec`: npm runs scripts through sh, which would not pass npm's SIGTERM on to the bot.
    expect(pkg.scripts.start).toBe('exec node dist/main.js');
    expect(pkg.scripts.doctor).toBe('exec node dist/main.js doctor');
    expect(pkg.scripts.playground).toBe('tsx src/playground/main.ts');
  });

  it('type-checks the production code without the simulators and the playground (tsconfig.build.json)', () => {
    const text = readFileSync(join(root, 'tsconfig.build.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
    const config = JSON.parse(text) as { include: string[]; exclude: string[] };
    expect(config.include).toEqual(['src']);
    expect(config.exclude).toEqual(expect.arrayContaining(['src/simulator', 'src/playground']));
  });
});

describe('the import scanner', () => {
  it('sees value imports, re-exports and dynamic imports, and skips type-only ones', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "import { type C, type D } from './c.js';",
      "import { type E, f } from './e.js';",
      "export { g } from './g.js';",
      "export type { H } from './h.js';",
      "import './side-effect.js';",
      "const m = await import('./lazy.js');",
    ].join('\n');
    expect(runtimeImports(source).sort()).toEqual(
      ['./a.js', './e.js', './g.js', './lazy.js', './side-effect.js'].sort(),
    );
  });
});
