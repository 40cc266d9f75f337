import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { crashPointSuite } from '../support/crash-points-suite.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

crashPointSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vps-crash-'));
  dirs.push(dir);
  return join(dir, 'bot.db');
});
