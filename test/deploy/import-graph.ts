import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * Module specifiers a TypeScript file loads at run time: `import … from`, `export … from`, bare
 * `import '…'` and `import('…')`. `import type` / `export type` are left out (erased by tsc), so
 * is an import whose every name is marked `type`.
 */
export function runtimeImports(source: string): string[] {
  const found: string[] = [];
  const statement = /(?:^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(statement)) {
    if (m[2]) continue;
    const names = m[3] ?? '';
    const braces = /^\{([^}]*)\}$/.exec(names.trim());
    const allTypes = braces?.[1]?.split(',').every((n) => n.trim() === '' || n.trim().startsWith('type '));
    if (!allTypes) found.push(m[4]!);
  }
  for (const m of source.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

export interface ImportGraph {
  /** Repository-relative paths of every source file reachable from the entry points. */
  readonly files: string[];
  /** Bare specifiers (packages and node: built-ins), with a file that imports each. */
  readonly packages: Map<string, string>;
}

/** Follows relative imports (`./x.js` → `./x.ts`) from `entries` through the source tree. */
export function importGraph(root: string, entries: readonly string[]): ImportGraph {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = entries.map((e) => join(root, e));
  while (queue.length > 0) {
    const file = queue.pop()!;
    const rel = relative(root, file);
    if (files.has(rel)) continue;
    files.add(rel);
    for (const spec of runtimeImports(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        if (!packages.has(spec)) packages.set(spec, rel);
        continue;
      }
      const target = join(dirname(file), spec).replace(/\.js$/, '.ts');
      if (!existsSync(target)) throw new Error(`${rel} imports ${spec}, which does not exist`);
      queue.push(target);
    }
  }
  return { files: [...files].sort(), packages };
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; null for a node built-in. */
export function packageName(specifier: string): string | null {
  if (specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
