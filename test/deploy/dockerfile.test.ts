import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * No container engine runs where these tests run, so the Dockerfile is checked as text: its
 * stages and instructions, and that everything it copies exists and reaches the build context.
 * What it RUNs (scripts/install-runtime.sh, then node dist/main.js) is started for real by
 * scripts/check-runtime.ts in CI.
 */
const root = join(import.meta.dirname, '..', '..');
const text = readFileSync(join(root, 'Dockerfile'), 'utf8');

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}
interface Stage {
  readonly name: string;
  readonly from: string;
  readonly instructions: Instruction[];
}

/** Instructions with continuation lines joined and comments dropped, grouped by FROM. */
function stagesOf(dockerfile: string): { args: Map<string, string>; stages: Stage[] } {
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n');
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const m = /^(\S+)\s+AS\s+(\S+)$/i.exec(rest);
      const image = (m?.[1] ?? rest).replace(/\$\{(\w+)\}/g, (_, name: string) => args.get(name) ?? '');
      stages.push({ name: m?.[2] ?? `stage${stages.length}`, from: image, instructions: [] });
    } else if (upper === 'ARG' && stages.length === 0) {
      const [name = '', value = ''] = rest.split('=');
      args.set(name, value);
    } else {
      stages.at(-1)?.instructions.push({ keyword: upper, args: rest.replace(/\s+/g, ' ') });
    }
  }
  return { args, stages };
}

const { stages } = stagesOf(text);
const stage = (name: string) => {
  const found = stages.find((s) => s.name === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
};
const all = (s: Stage, keyword: string) =>
  s.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
const one = (s: Stage, keyword: string) => {
  const found = all(s, keyword);
  expect(found, `${s.name}: one ${keyword}`).toHaveLength(1);
  return found[0]!;
};

describe('the Dockerfile', () => {
  it('builds in a stage with every dependency and installs the runtime with the shared script', () => {
    const build = stage('build');
    expect(build.from).toMatch(/^node:20(\.\d+)*-[a-z]+-slim$|^node:20(\.\d+)*-slim$/);
    const runs = all(build, 'RUN');
    expect(runs).toContain('npm ci --no-audit --no-fund');
    expect(runs).toContain('npm run build && bash scripts/install-runtime.sh /src /app');
    const script = readFileSync(join(root, 'scripts', 'install-runtime.sh'), 'utf8');
    expect(script).toMatch(/^npm ci --omit=dev\b/m);
  });

  it('runs the bot from a slim runtime stage that installs nothing and is the default target', () => {
    const runtime = stage('runtime');
    expect(stages.at(-1)?.name).toBe('runtime');
    expect(runtime.from).toMatch(/^node:20(\.\d+)*(-[a-z]+)?-slim$/);
    expect(all(runtime, 'COPY')).toEqual(['--from=build /app ./']);
    expect(all(runtime, 'RUN').join('\n')).not.toMatch(/\bnpm\b|apt-get/);
    expect(one(runtime, 'WORKDIR')).toBe('/app');
    expect(one(runtime, 'CMD')).toBe('["node", "dist/main.js"]');
    expect(one(runtime, 'EXPOSE')).toBe('3000');
  });

  it('runs as a user other than root, stops on SIGTERM and checks /healthz without curl', () => {
    const runtime = stage('runtime');
    expect(one(runtime, 'USER')).not.toMatch(/^(root|0)(:|$)/);
    expect(one(runtime, 'STOPSIGNAL')).toBe('SIGTERM');
    const healthcheck = one(runtime, 'HEALTHCHECK');
    expect(healthcheck).toMatch(/CMD \["node", "dist\/healthcheck.js"\]$/);
    expect(healthcheck).not.toMatch(/curl|wget/);
    expect(readFileSync(join(root, 'src', 'healthcheck.ts'), 'utf8')).toContain("path: '/healthz'");
  });

  it('has a playground stage reachable from outside its container', () => {
    const playground = stage('playground');
    expect(playground.from).toBe('build');
    expect(one(playground, 'CMD')).toBe('["node", "--import", "tsx", "src/playground/main.ts"]');
    expect(one(playground, 'ENV')).toContain('PLAYGROUND_HOST=0.0.0.0');
    expect(one(playground, 'USER')).toBe('node');
  });

  it('copies only files that exist and that .dockerignore lets into the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('!'));
    const sources = stages
      .flatMap((s) => all(s, 'COPY'))
      .filter((args) => !args.startsWith('--from='))
      .flatMap((args) => args.split(' ').slice(0, -1));
    expect(sources.length).toBeGreaterThan(4);
    for (const source of sources) {
      expect(existsSync(join(root, source)), source).toBe(true);
      const top = source.split('/')[0]!;
      expect(ignored, `${source} is excluded by .dockerignore`).not.toContain(top);
    }
    // What the context must never carry.
    for (const kept of ['.env', 'node_modules', 'dist', 'data', '.git']) expect(ignored).toContain(kept);
  });
});
