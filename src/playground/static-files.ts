import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';

/** The page: plain HTML, CSS and JS modules, served as they are (no build step, nothing remote). */
const publicDir = fileURLToPath(new URL('./public/', import.meta.url));

const files: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/style.css': 'style.css',
  '/blocks.css': 'blocks.css',
  '/app.js': 'app.js',
  '/blocks.js': 'blocks.js',
  '/mrkdwn.js': 'mrkdwn.js',
  '/modal.js': 'modal.js',
  '/home.js': 'home.js',
};

const types: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
};

/**
 * Only the files listed above are served (no path from the URL ever reaches the file system).
 * The CSP forbids inline scripts and every origin but this one: the page works offline, and text
 * that slipped into markup still could not run.
 */
export async function serveStatic(pathname: string, res: ServerResponse): Promise<boolean> {
  const name = files[pathname];
  if (name === undefined) return false;
  const body = await readFile(`${publicDir}${name}`);
  res.writeHead(200, {
    'content-type': types[name.split('.').pop() ?? ''] ?? 'application/octet-stream',
    'cache-control': 'no-store',
    'content-security-policy':
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
  return true;
}
