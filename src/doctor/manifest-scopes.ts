import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * manifest.yml at the package root, found from this module upwards: src/doctor/ when run from
 * source, dist/ or dist/chunks/ when bundled (the production install ships manifest.yml beside dist/).
 */
export function findManifest(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from, i = 0; i < 4; i++, dir = dirname(dir)) {
    const candidate = join(dir, 'manifest.yml');
    if (existsSync(candidate)) return candidate;
  }
  return join(from, 'manifest.yml');
}

/** The bot scopes the Slack app manifest asks for (`oauth_config.scopes.bot`). Throws when unreadable. */
export function manifestBotScopes(path: string): string[] {
  const manifest = parse(readFileSync(path, 'utf8')) as {
    oauth_config?: { scopes?: { bot?: unknown } };
  } | null;
  const scopes = manifest?.oauth_config?.scopes?.bot;
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) {
    throw new Error(`${path} has no oauth_config.scopes.bot list`);
  }
  return scopes;
}
