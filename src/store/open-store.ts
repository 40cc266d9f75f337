import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { openPostgresEngine, type PostgresOptions } from './engines/postgres.js';
import { openSqliteEngine } from './engines/sqlite.js';
import { openSqlStore } from './sql-store.js';
import type { Store } from './store.js';

/**
 * Turns DATABASE_URL into a SQLite filename: a plain path, `sqlite:path`, `sqlite:///abs/path`,
 * `file:path` or `file:///abs/path` (a `?query` is ignored). A PostgreSQL URL (see isPostgresUrl)
 * and anything else with a scheme are refused. The URL is never echoed back: a postgres URL may
 * carry a password.
 */
export function sqliteFilename(databaseUrl: string): string {
  const url = databaseUrl.trim();
  if (url === '') throw new AppError('store_url_invalid', 'DATABASE_URL is empty');
  if (url === ':memory:') return url;
  const scheme = urlScheme(url);
  if (scheme === 'postgres' || scheme === 'postgresql') {
    throw new AppError('store_unsupported', 'A PostgreSQL URL names no SQLite file');
  }
  if (scheme === 'file' && url.toLowerCase().startsWith('file://')) return fileURLToPath(url.split('?')[0]!);
  if (scheme === 'sqlite' || scheme === 'file') {
    const rest = url.slice(scheme.length + 1).split('?')[0]!;
    const path = rest.startsWith('//') ? rest.slice(2) : rest;
    if (path === '') throw new AppError('store_url_invalid', `DATABASE_URL (${scheme}:) names no file`);
    return path;
  }
  // One letter before the colon is a Windows drive (C:\data\bot.db), not a scheme.
  if (scheme !== undefined && scheme.length > 1) {
    throw new AppError('store_unsupported', `DATABASE_URL scheme "${scheme}:" is not supported`);
  }
  return url;
}

function urlScheme(url: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
}

/** True for a `postgres://` or `postgresql://` URL (any case, surrounding spaces ignored). */
export function isPostgresUrl(databaseUrl: string): boolean {
  const scheme = urlScheme(databaseUrl.trim());
  return scheme === 'postgres' || scheme === 'postgresql';
}

/**
 * Opens the store DATABASE_URL names: PostgreSQL for a `postgres://`/`postgresql://` URL (for
 * several replicas on one database), else SQLite for a file path or `sqlite:`/`file:` URL
 * (creating the parent directory on first run). Errors never repeat the URL.
 */
export async function openStore(
  databaseUrl: string,
  options: { clock: Clock; postgres?: PostgresOptions },
): Promise<Store> {
  if (isPostgresUrl(databaseUrl)) {
    return openSqlStore(await openPostgresEngine(databaseUrl.trim(), options.postgres), options);
  }
  const filename = sqliteFilename(databaseUrl);
  if (filename !== ':memory:') mkdirSync(dirname(resolve(filename)), { recursive: true });
  return openSqlStore(openSqliteEngine(filename), options);
}
