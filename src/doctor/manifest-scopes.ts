import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** manifest.yml at the package root: two levels up from src/doctor/ and from dist/doctor/ alike. */
export const defaultManifestPath = fileURLToPath(new URL('../../manifest.yml', import.meta.url));

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
